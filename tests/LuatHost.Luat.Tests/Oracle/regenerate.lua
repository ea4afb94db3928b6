-- Regenerates expected.txt: runs every snippet of corpus.lua in its own Debian lua5.1 process
-- (file name snippet.lua, so positions read "snippet.lua:N:") and records what it printed.
-- Usage (from this folder): lua5.1 regenerate.lua > expected.txt      (see regenerate.sh)
local corpus = assert(io.open("corpus.lua")):read("*a")
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir) == 0)

local names, bodies = {}, {}
for line in (corpus .. "\n"):gmatch("(.-)\n") do
  local name = line:match("^%-%-## (%S+)")
  if name then
    names[#names + 1] = name
    bodies[#names] = {}
  elseif #names > 0 then
    table.insert(bodies[#names], line)
  end
end

for i, name in ipairs(names) do
  local f = assert(io.open(dir .. "/snippet.lua", "w"))
  f:write(table.concat(bodies[i], "\n"), "\n")
  f:close()
  local p = assert(io.popen("cd " .. dir .. " && lua5.1 snippet.lua 2>&1"))
  local out = p:read("*a")
  p:close()
  io.write("--## ", name, "\n", out)
  if out ~= "" and out:sub(-1) ~= "\n" then io.write("\n") end
end
os.execute("rm -rf " .. dir)
