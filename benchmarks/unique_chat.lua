-- wrk script: POST a unique ~500-byte OpenAI chat body per request (so result caches do not help).
-- The text is realistic benign prose (the sentences of benchmarks/texts.py) with a request number.
-- Usage: wrk -s unique_chat.lua URL -- SENTENCES_FILE
local counter = 0
local sentences = {}
-- The sentences come from benchmarks/texts.py (http_load.py writes them to a file, one per
-- line, and passes its path after "--"), so Python and Lua bodies share one source.
function init(args)
  for line in io.lines(args[1]) do
    sentences[#sentences + 1] = line
  end
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local parts = {"Request " .. counter .. ":"}
  local size = 12
  local k = counter
  while size < 420 do
    k = (k * 7 + 3) % 1000003
    local s = sentences[(k % #sentences) + 1]
    parts[#parts + 1] = s
    size = size + #s + 1
  end
  local body = '{"model":"echo","messages":[{"role":"user","content":"' .. table.concat(parts, " ") .. '"}]}'
  return wrk.format(nil, nil, nil, body)
end
