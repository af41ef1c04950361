-- wrk script: POST a unique ~500-byte OpenAI chat body per request (so result caches do not help).
local counter = 0
local words = {"plan", "a", "trip", "to", "Lisbon", "with", "food", "and", "architecture", "please",
               "help", "me", "write", "a", "cover", "letter", "for", "an", "analyst", "role"}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local parts = {"Request " .. counter .. " from thread " .. tostring(id or 0) .. ":"}
  local size = 40
  local i = counter
  while size < 430 do
    i = (i * 1103515245 + 12345) % 2147483648
    local w = words[(i % #words) + 1]
    parts[#parts + 1] = w
    size = size + #w + 1
  end
  local body = '{"model":"echo","messages":[{"role":"user","content":"' .. table.concat(parts, " ") .. '"}]}'
  return wrk.format(nil, nil, nil, body)
end
