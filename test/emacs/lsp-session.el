;;; lsp-session.el --- An LSP session in a real Emacs (batch), for test/unit/emacs.test.ts  -*- lexical-binding: t -*-

;; Emacs's own LSP clients (lsp-mode or eglot, as Debian packages them) against the installed
;; `kube-pod-patterns-language-server', started by the configuration of docs/editors.md (the test
;; copies it out of the page into $KPP_CONFIG). It records what Emacs received and showed at each
;; step in $KPP_OUT as JSON; the test decides what is right.
;;
;; Environment: KPP_CLIENT (lsp-mode or eglot), KPP_CONFIG (the configuration), KPP_FILE (the
;; broken manifest to open), KPP_WS (the workspace folder), KPP_OUT (the result file); the
;; server's command is on PATH (and for lsp-mode yaml-language-server's, lsp-mode's main server
;; for YAML).
;;
;; Batch Emacs reads no keyboard, so nothing is ever idle and no command runs: where an editing
;; Emacs would run its idle timers or `post-command-hook' (which start the servers of
;; `lsp-deferred' and `eglot-ensure' and send eglot's changes), `kpp-idle' runs them once.

(require 'cl-lib)
(require 'json)
(require 'subr-x)
(require 'url-util)

(defvar kpp-client (getenv "KPP_CLIENT"))
(defvar kpp-out (getenv "KPP_OUT"))
(defvar kpp-steps nil)
(defvar kpp-published (make-hash-table :test 'equal)
  "URI -> the diagnostics of the last publishDiagnostics, as the server sent them.")
(defconst kpp-wait-steps 400 "How many times a wait lets Emacs read what arrived (0.05 s each at most).")

(defun kpp-record (name data) (push (list (cons 'name name) (cons 'data data)) kpp-steps))

(defun kpp-finish (code)
  (with-temp-file kpp-out
    (insert (json-encode (list (cons 'emacs emacs-version)
                               (cons 'client kpp-client)
                               (cons 'steps (vconcat (reverse kpp-steps)))
                               (cons 'error (get 'kpp-finish 'error))))))
  (kill-emacs code))

(defun kpp-get (obj key)
  "KEY (a string) of OBJ, an LSP object as lsp-mode (hash table) or eglot (plist) reads it."
  (cond ((hash-table-p obj) (gethash key obj))
        ((and (listp obj) (keywordp (car-safe obj))) (plist-get obj (intern (concat ":" key))))))

(defun kpp-idle ()
  "What an editing Emacs does when the user stops typing: the post-command and idle hooks."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (unless (timer--repeat-delay timer) (cancel-timer timer))
      (apply (timer--function timer) (timer--args timer)))))

(defun kpp-wait (pred)
  "Let Emacs read what the server sends until PRED holds; at most `kpp-wait-steps' times."
  (let ((n 0))
    (while (and (not (funcall pred)) (< n kpp-wait-steps))
      (accept-process-output nil 0.05)
      (kpp-idle)
      (setq n (1+ n)))
    (funcall pred)))

(defun kpp-diagnostics (uri)
  "The last published diagnostics of URI as (code line message) lists."
  (mapcar (lambda (d)
            (list (kpp-get d "code")
                  (kpp-get (kpp-get (kpp-get d "range") "start") "line")
                  (kpp-get d "message")))
          (append (gethash uri kpp-published) nil)))

(defun kpp-probe (uri)
  (nth 2 (assoc "pod/init-container-probe" (kpp-diagnostics uri))))

(defun kpp-goto (regexp)
  (goto-char (point-min))
  (re-search-forward regexp)
  (goto-char (match-beginning 0)))

(defun kpp-file-uri (file)
  (concat "file://" (url-hexify-string (file-truename file) url-path-allowed-chars)))

;; What the client answers when this server asks for its settings (workspace/configuration for
;; the section podPatterns; a YAML server beside it asks for its own).
(defvar kpp-configuration-answers nil)
(defun kpp-asks-for-pod-patterns (items)
  (cl-some (lambda (item) (equal (kpp-get item "section") "podPatterns")) (append items nil)))
(with-eval-after-load 'lsp-mode
  (advice-add 'lsp--build-workspace-configuration-response :around
              (lambda (f params)
                (let ((answer (funcall f params)))
                  (when (kpp-asks-for-pod-patterns (gethash "items" params)) (push answer kpp-configuration-answers))
                  answer))))
(with-eval-after-load 'eglot
  (advice-add 'eglot-handle-request :around
              (lambda (f server method &rest args)
                (let ((answer (apply f server method args)))
                  (when (and (eq method 'workspace/configuration) (kpp-asks-for-pod-patterns (plist-get args :items)))
                    (push answer kpp-configuration-answers))
                  answer))))

;; What the server publishes, recorded beside each client's own handler (not what a YAML server
;; beside it publishes).
(with-eval-after-load 'lsp-mode
  (advice-add 'lsp--on-diagnostics :before
              (lambda (workspace params)
                (when (eq (lsp--client-server-id (lsp--workspace-client workspace)) 'kube-pod-patterns)
                  (puthash (gethash "uri" params) (gethash "diagnostics" params) kpp-published)))))
(with-eval-after-load 'jsonrpc
  (advice-add 'jsonrpc-connection-receive :before
              (lambda (_conn message)
                (when (equal (plist-get message :method) "textDocument/publishDiagnostics")
                  (let ((params (plist-get message :params)))
                    (puthash (plist-get params :uri) (plist-get params :diagnostics) kpp-published))))))

(condition-case err
    (let* ((ws (file-name-as-directory (getenv "KPP_WS")))
           (file (getenv "KPP_FILE"))
           (uri (kpp-file-uri file))
           (lsp-p (equal kpp-client "lsp-mode")))
      ;; Emacs runs with -q (no init file of its own): the installed packages (Debian's elpa-*)
      ;; activated, as Emacs does before a user's init file, then the configuration as that file.
      (package-initialize)
      (when lsp-p
        ;; What a user answers when lsp-mode asks for the project root of the first file.
        (require 'lsp-mode)
        (lsp-workspace-folders-add ws)
        ;; The YAML server beside it would fetch the JSON Schema Store's catalog from the internet.
        (setq lsp-yaml-schema-store-enable nil))
      (load (getenv "KPP_CONFIG") nil t)

      ;; 1. The broken manifest opened: the configuration starts the server.
      (find-file file)
      (kpp-record "major mode" (symbol-name major-mode))
      (unless (kpp-wait (if lsp-p
                            ;; Every server lsp-mode started for the buffer, this one among them.
                            (lambda () (and (bound-and-true-p lsp-mode)
                                            (cl-some (lambda (w) (eq (lsp--client-server-id (lsp--workspace-client w)) 'kube-pod-patterns))
                                                     (lsp-workspaces))
                                            (cl-every (lambda (w) (eq (lsp--workspace-status w) 'initialized))
                                                      (lsp-workspaces))))
                          (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server)))))
        (error "The server did not start for %s" file))
      (kpp-record "servers"
                  (vconcat (if lsp-p
                               (mapcar (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                                       (lsp-workspaces))
                             (list (plist-get (eglot--server-info (eglot-current-server)) :name)))))

      ;; 2. Diagnostics: the probe on the init container, in the words of the settings' release.
      (kpp-wait (lambda () (let ((m (kpp-probe uri))) (and m (not (string-match-p "restartPolicy" m))))))
      (kpp-record "diagnostics" (vconcat (mapcar #'vconcat (kpp-diagnostics uri))))
      ;; ... as the editor shows them.
      (kpp-record "shown"
                  (vconcat
                   (if lsp-p
                       (mapcar (lambda (d) (vector (gethash "code" d) (gethash "message" d)))
                               (gethash (lsp--fix-path-casing (file-truename file)) (lsp-diagnostics t)))
                     (progn
                       (kpp-wait (lambda () (flymake-diagnostics)))
                       (mapcar (lambda (d) (vector (let ((c (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
                                                     (plist-get c :code))
                                                   (flymake-diagnostic-text d)))
                               (flymake-diagnostics))))))

      ;; The answers to the server's workspace/configuration requests, in order (it asks once initialized).
      (kpp-wait (lambda () kpp-configuration-answers))
      (kpp-record "workspace/configuration" (vconcat (reverse kpp-configuration-answers)))

      ;; 3. A hover on initContainers, as the editor renders it.
      (kpp-goto "initContainers")
      (forward-char 3)
      (kpp-record "hover"
                  (if lsp-p
                      (progn (lsp-describe-thing-at-point)
                             (with-current-buffer "*lsp-help*" (buffer-string)))
                    (let (info)
                      (eglot-hover-eldoc-function (lambda (s &rest _) (setq info s)))
                      (kpp-wait (lambda () info))
                      info)))

      ;; 4. A completion at point: keys of a container, typed "imagePull".
      (kpp-goto "^ *image: busybox")
      (end-of-line)
      (insert "\n    imagePull")
      (let* ((capf (if lsp-p (lsp-completion-at-point) (eglot-completion-at-point)))
             (prefix (buffer-substring-no-properties (nth 0 capf) (nth 1 capf))))
        (kpp-record "completion" (vconcat (all-completions prefix (nth 2 capf)))))
      (delete-region (line-end-position 0) (line-end-position))
      (when (not lsp-p) (eglot--signal-textDocument/didChange))
      (kpp-wait (lambda () (kpp-probe uri)))

      ;; 5. A code action at the probe, applied: the quick fix of the init container's livenessProbe.
      (kpp-goto "livenessProbe")
      (let* ((actions (append (if lsp-p
                                  (lsp-code-actions-at-point)
                                (eglot-code-actions (point) (line-end-position)))
                              nil))
             (chosen (cl-find "Remove livenessProbe" actions :key (lambda (a) (kpp-get a "title")) :test #'equal)))
        (kpp-record "code actions" (vconcat (mapcar (lambda (a) (kpp-get a "title")) actions)))
        (unless chosen (error "No \"Remove livenessProbe\" among the code actions"))
        (if lsp-p
            (lsp-execute-code-action chosen)
          (eglot--read-execute-code-action (list chosen) (eglot-current-server) (kpp-get chosen "kind"))))
      (unless lsp-p (eglot--signal-textDocument/didChange))
      (kpp-wait (lambda () (null (kpp-probe uri))))
      (kpp-record "after the fix"
                  (list (cons 'text (buffer-substring-no-properties (point-min) (point-max)))
                        (cons 'diagnostics (vconcat (mapcar #'vconcat (kpp-diagnostics uri))))))

      ;; eglot stops its server; lsp-mode's wait for each server's answer to shutdown, so Emacs's exit ends them.
      (unless lsp-p (eglot-shutdown (eglot-current-server)))
      (kpp-finish 0))
  (error
   (put 'kpp-finish 'error (error-message-string err))
   (kpp-finish 1)))

;;; lsp-session.el ends here
