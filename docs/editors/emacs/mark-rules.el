;;; mark-rules.el --- mark rule files, with the mark language server through eglot  -*- lexical-binding: t; -*-

;; Modes for .rules and .tests files (# comments, strings) and the eglot entry that starts
;; `mark lsp' (docs/lsp.md) for them. Emacs 29 or later (eglot is built in). Load it from
;; your init file: (load "/path/to/mark-rules.el"). `mark' must be on `exec-path'.

(require 'eglot)

(defvar mark-rules-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?\" "\"" table)
    table)
  "Syntax table for `mark-rules-mode'.")

(define-derived-mode mark-rules-mode prog-mode "mark-rules"
  "Major mode for mark rule files (.rules)."
  :syntax-table mark-rules-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width 2))

(define-derived-mode mark-tests-mode mark-rules-mode "mark-tests"
  "Major mode for mark rule test files (.tests).")

(add-to-list 'auto-mode-alist '("\\.rules\\'" . mark-rules-mode))
(add-to-list 'auto-mode-alist '("\\.tests\\'" . mark-tests-mode))
(add-to-list 'eglot-server-programs '((mark-rules-mode mark-tests-mode) . ("mark" "lsp")))
;; mark-tests-mode runs mark-rules-mode's hook too, so this starts the server for both.
(add-hook 'mark-rules-mode-hook #'eglot-ensure)

(provide 'mark-rules)
;;; mark-rules.el ends here
