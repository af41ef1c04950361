-- wrk script: POST a unique ~500-byte OpenAI chat body per request (so result caches do not help).
-- The text is realistic benign prose (the sentences of benchmarks/texts.py) with a request number.
local counter = 0
local sentences = {
  "Could you help me plan a three-day trip to Lisbon with a focus on food and architecture?",
  "I am writing a cover letter for a junior data analyst role and would like feedback on tone.",
  "Summarise the main arguments for and against remote work in a short paragraph.",
  "Our team uses Python and PostgreSQL, and we want to speed up a slow reporting query.",
  "What are some good exercises for lower back pain that I can do at home?",
  "Please translate the following paragraph into plain English for a general audience.",
  "My daughter is learning fractions; suggest a few games that make practice more fun.",
  "Explain the difference between a mutual fund and an exchange-traded fund.",
  "Draft a polite reminder to a client whose invoice is two weeks overdue.",
  "Which houseplants survive in a north-facing room with little direct sunlight?",
}
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
