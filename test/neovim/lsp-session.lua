-- An LSP session in a real Neovim (headless), driven by test/unit/neovim.test.ts: Neovim's own
-- LSP client against the installed `kube-pod-patterns-language-server`, started as docs/editors.md
-- says (Neovim 0.7's API: vim.lsp.start_client and buf_attach_client; 0.8 and later have
-- vim.lsp.start, which does the same). It records what Neovim received at each step in
-- $KPP_OUT as JSON; the test decides what is right.
--
-- Environment: KPP_SERVER (the command), KPP_WS (the workspace folder: broken.yaml and
-- .podpatterns.yaml), KPP_OUT (the result file).
local server, ws, out = os.getenv('KPP_SERVER'), os.getenv('KPP_WS'), os.getenv('KPP_OUT')
local TIMEOUT = 20000
local result = { nvim = vim.version(), steps = {} }
local published = {} -- uri -> the last publishDiagnostics params, as the server sent them

local function record(name, data) table.insert(result.steps, { name = name, data = data }) end
local function finish(code)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'kube-pod-patterns',
    cmd = { server, '--stdio' },
    root_dir = ws,
    -- The settings the session starts with (initializationOptions); kubernetesVersion is left to .podpatterns.yaml.
    init_options = { podPatterns = { rules = { ['pattern/wait-without-timeout'] = 'off' } } },
    settings = { podPatterns = {} },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, params, ctx, config)
        published[params.uri] = params
        return vim.lsp.handlers['textDocument/publishDiagnostics'](e, params, ctx, config)
      end,
    },
  })
  assert(client_id, 'the server did not start')
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(TIMEOUT, function() return client.initialized end, 20), 'the server did not initialize')
  record('initialize', client.server_capabilities)

  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    vim.bo[buf].filetype = 'yaml'
    vim.lsp.buf_attach_client(buf, client_id)
    return buf, vim.uri_from_bufnr(buf)
  end
  -- The diagnostics of `uri` once `pred` holds for them (or the last ones, when it never does).
  local function diagnostics_when(uri, pred)
    vim.wait(TIMEOUT, function() return published[uri] ~= nil and pred(published[uri].diagnostics) end, 20)
    return published[uri] and published[uri].diagnostics or vim.NIL
  end
  local function probe_message(d)
    for _, x in ipairs(d) do if x.code == 'pod/init-container-probe' then return x.message end end
  end
  local function request(buf, method, params)
    local r = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
    if not r or not r[client_id] then return vim.NIL end
    return r[client_id].error and { error = r[client_id].error } or r[client_id].result or vim.NIL
  end
  local function line_of(buf, pattern)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:find(pattern) then return i - 1, l end
    end
    error('no line matches ' .. pattern)
  end

  -- 1. The broken pod, under the workspace's .podpatterns.yaml (Kubernetes 1.27).
  local buf, uri = open('broken.yaml')
  local d = diagnostics_when(uri, function(x) return probe_message(x) ~= nil end)
  record('open', d)
  -- The Neovim diagnostics API has them too.
  assert(vim.wait(TIMEOUT, function() return #vim.diagnostic.get(buf) > 0 end, 20))
  record('vim.diagnostic', vim.tbl_map(function(x) return { lnum = x.lnum, message = x.message } end, vim.diagnostic.get(buf)))

  -- 2. The configuration opened and edited, not saved: Kubernetes 1.36 (this client cannot watch files).
  local cfg = open('.podpatterns.yaml')
  vim.api.nvim_buf_set_lines(cfg, 0, -1, false, { 'kubernetesVersion: "1.36"' })
  record('config edited', diagnostics_when(uri, function(x) local m = probe_message(x); return m and m:find('restartPolicy=Always', 1, true) end))
  vim.api.nvim_buf_set_lines(cfg, 0, -1, false, { 'kubernetesVersion: "1.27"' })
  record('config reverted', diagnostics_when(uri, function(x) local m = probe_message(x); return m and not m:find('restartPolicy', 1, true) end))

  -- 3. The version changed through workspace/didChangeConfiguration (wins over the file). The settings sent are the
  -- client's whole podPatterns settings: they replace those of initializationOptions.
  client.config.settings = { podPatterns = { kubernetesVersion = '1.36', rules = { ['pattern/wait-without-timeout'] = 'off' } } }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  record('didChangeConfiguration', diagnostics_when(uri, function(x) local m = probe_message(x); return m and m:find('restartPolicy=Always', 1, true) end))

  -- 4. A hover on initContainers.
  local l, text = line_of(buf, 'initContainers:')
  record('hover', request(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = l, character = text:find('initContainers') } }))

  -- 5. A completion: keys of a container, typed "imagePull".
  local il, itext = line_of(buf, 'image: busybox')
  local indent = itext:match('^(%s*)')
  vim.api.nvim_buf_set_lines(buf, il + 1, il + 1, false, { indent .. 'imagePull' })
  local items = request(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = il + 1, character = #indent + 9 } })
  if type(items) == 'table' and items.items then items = items.items end
  record('completion', type(items) == 'table' and vim.tbl_map(function(i) return i.label end, items) or items)
  vim.api.nvim_buf_set_lines(buf, il + 1, il + 2, false, {})

  -- 6. A code action, applied: the quick fix of the probe on the init container.
  local probe = diagnostics_when(uri, function(x) return probe_message(x) ~= nil end)
  local diag
  for _, x in ipairs(probe) do if x.code == 'pod/init-container-probe' then diag = x end end
  local actions = request(buf, 'textDocument/codeAction', { textDocument = { uri = uri }, range = diag.range, context = { diagnostics = { diag } } })
  record('code actions', vim.tbl_map(function(a) return a.title end, actions))
  local chosen
  for _, a in ipairs(actions) do if a.title == 'Remove livenessProbe' then chosen = a end end
  assert(chosen and chosen.edit, 'no "Remove livenessProbe" with an edit')
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  record('after the fix', {
    text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'),
    diagnostics = diagnostics_when(uri, function(x) return probe_message(x) == nil end),
  })

  -- 7. The code lens and its command, run as any client runs it: workspace/executeCommand.
  local lenses = request(buf, 'textDocument/codeLens', { textDocument = { uri = uri } })
  record('code lenses', lenses)
  local lens = lenses[1]
  record('lifecycle', request(buf, 'workspace/executeCommand', { command = lens.command.command, arguments = lens.command.arguments }))

  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
end)
if not ok then
  result.error = tostring(err)
  finish(1)
else
  finish(0)
end
