-- An LSP session in a real Neovim (headless), driven by test/unit/neovim.test.ts: Neovim's own
-- LSP client against the installed `kube-pod-patterns-language-server`, started by the Neovim 0.7
-- configuration of docs/editors.md (the test copies it out of the page into $KPP_CONFIG). It
-- records what Neovim received at each step in $KPP_OUT as JSON; the test decides what is right.
--
-- Environment: KPP_CONFIG (the configuration), KPP_WS (the workspace folder: broken.yaml and
-- .podpatterns.yaml), KPP_OUT (the result file); the server's command is on PATH.
local config, ws, out = os.getenv('KPP_CONFIG'), os.getenv('KPP_WS'), os.getenv('KPP_OUT')
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
  -- Every publishDiagnostics as the server sent it (Neovim's handler runs too).
  local show = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, params, ctx, cfg)
    published[params.uri] = params
    return show(e, params, ctx, cfg)
  end
  dofile(config)

  local client, client_id
  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    assert(vim.bo[buf].filetype == 'yaml', name .. ' is not a YAML buffer')
    -- The configuration's FileType autocommand started the server (once) and attached it.
    assert(vim.wait(TIMEOUT, function()
      for _, c in ipairs(vim.lsp.get_active_clients()) do
        if c.name == 'kube-pod-patterns' and c.initialized and vim.lsp.buf_is_attached(buf, c.id) then
          client, client_id = c, c.id
          return true
        end
      end
      return false
    end, 20), 'the server did not start for ' .. name)
    return buf, vim.uri_from_bufnr(buf)
  end
  local buf, uri = open('broken.yaml')
  record('initialize', client.server_capabilities)

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
  record('lifecycle', request(buf, 'workspace/executeCommand', { command = lenses[1].command.command, arguments = lenses[1].command.arguments }))

  -- 8. The same as a user runs it: the lens the configuration shows, <leader>l on its line, the markdown in a float.
  vim.api.nvim_set_current_buf(buf)
  assert(vim.wait(TIMEOUT, function() return #vim.lsp.codelens.get(buf) > 0 end, 20), 'no code lens shown')
  vim.api.nvim_win_set_cursor(0, { vim.lsp.codelens.get(buf)[1].range.start.line + 1, 0 })
  local floats = function()
    return vim.tbl_filter(function(w) return vim.api.nvim_win_get_config(w).relative ~= '' end, vim.api.nvim_list_wins())
  end
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<leader>l', true, false, true), 'x', false)
  vim.wait(TIMEOUT, function() return #floats() > 0 end, 20)
  local float = floats()[1]
  record('lifecycle float', float and vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false) or vim.NIL)

  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
end)
if not ok then
  result.error = tostring(err)
  finish(1)
else
  finish(0)
end
