-- Drives Neovim's built-in LSP client (0.7+) against kubeward-language-server, headless.
-- Environment: KUBEWARD_SERVER (server.js), KUBEWARD_FILE (the manifest to open), KUBEWARD_OUT (JSON written here).
-- Writes what a user would see: the diagnostics, the quick fixes offered at the privileged finding, the buffer after
-- applying "Remove `privileged: true`", and the fix-all action's title. The Node runner asserts on it.
local server = os.getenv('KUBEWARD_SERVER')
local file = os.getenv('KUBEWARD_FILE')
local out = os.getenv('KUBEWARD_OUT')
local result = { errors = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'

  local client_id = vim.lsp.start_client({
    name = 'kubeward',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  assert(client_id, 'the language server started')
  vim.lsp.buf_attach_client(buf, client_id)

  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  assert(got, 'diagnostics arrived within 20 s')
  result.server_name = vim.lsp.get_client_by_id(client_id).server_capabilities and 'kubeward' or nil

  result.diagnostics = {}
  local privileged
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    local entry = { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, code = code, message = d.message }
    table.insert(result.diagnostics, entry)
    if code == 'k8s/privileged-container' then privileged = entry end
  end
  assert(privileged, 'a k8s/privileged-container diagnostic')

  local range = { start = { line = privileged.lnum, character = privileged.col }, ['end'] = { line = privileged.end_lnum, character = privileged.end_col } }
  local lsp_diagnostic = { range = range, severity = privileged.severity, source = privileged.source, code = privileged.code, message = privileged.message }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { lsp_diagnostic } },
  }, 5000)
  result.quick_fixes = {}
  local chosen
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.quick_fixes, action.title)
      if action.title == 'Remove `privileged: true`' then chosen = action end
    end
  end
  assert(chosen, 'the quick fix is offered')
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  result.after_fix = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'

  local fix_all = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll.kubeward' } },
  }, 5000)
  result.fix_all = {}
  for _, response in pairs(fix_all or {}) do
    for _, action in ipairs(response.result or {}) do table.insert(result.fix_all, { title = action.title, kind = action.kind }) end
  end
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
