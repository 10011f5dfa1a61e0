-- mark rule files in Neovim (0.11 or later): file types, comments, and the mark language
-- server (`mark lsp`, docs/lsp.md). Put this file in ~/.config/nvim/plugin/ (or paste it into
-- init.lua); `mark` must be on PATH, or give its full path in cmd.
vim.filetype.add({ extension = { rules = "mark-rules", tests = "mark-tests" } })

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "mark-rules", "mark-tests" },
  callback = function()
    vim.bo.commentstring = "# %s"
    vim.bo.shiftwidth = 2
    vim.bo.expandtab = true
  end,
})

vim.lsp.config("mark", {
  cmd = { "mark", "lsp" },
  filetypes = { "mark-rules", "mark-tests" },
  root_markers = { ".git", "Rules" },
})
vim.lsp.enable("mark")
