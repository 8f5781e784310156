-- wrk script: GET the lines of the file named by $PATHS in order, each once, split between
-- the threads (thread i of n takes lines i, i+n, ...; `-- n` passes n); after the last line
-- it starts over. For cold pages: a page rendered once is stored, so a repeat would be hot.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
  step = tonumber(args[1] or "1")
  index = id
end

function request()
  local path = paths[index % #paths + 1]
  index = index + step
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end
