-- Runs a demo-shaped project's test module in Debian's lua5.1 to produce its expected output:
-- log.* prints Luat's documented line shape ("[I]-[tag]" then the values, tab-separated), sys
-- timers run at once in order. Usage: cd <project> && lua5.1 ../lua51-shim.lua testX
local function line(level)
  return function(tag, ...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    print("[" .. level .. "]-[" .. tag .. "]\t" .. table.concat(parts, "\t"))
  end
end
log = { info = line("I"), debug = line("D"), warn = line("W"), error = line("E"), LOGLEVEL_TRACE = 1 }
package.loaded.log = log
-- Luat's json is lua-cjson 2.1.0 (Debian's lua-cjson is that version) with patch.lua's decode:
-- (value, true) on success, ({}, false, message) on a parse error.
local hasCjson, cjson = pcall(require, "cjson")
if hasCjson then
  json = { encode = cjson.encode, null = cjson.null, decode = function(s)
    local ok, value = pcall(cjson.decode, s)
    if ok then return value, true end
    return {}, false, value
  end }
end
local timers = {}
sys = { timerStart = function(f, ms, ...) timers[#timers + 1] = { f = f, args = { ... } } end, init = function() end, run = function() end }
package.loaded.sys = sys
require(arg[1])
for _, t in ipairs(timers) do t.f(unpack(t.args)) end
