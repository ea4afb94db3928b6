-- Lua 5.1 as Luat's firmware runs it, on Lua 5.4: numbers printed with "%.14g", the 5.1 string,
-- math and table functions, getfenv/setfenv, 5.1 error messages. What cannot be matched, and why:
-- docs/lua51-compat.md. The source pre-pass (Compat/Lua51NumberPrepass.cs) does the other half.
local host = ...
local type, select, error, rawget, pairs, setmetatable = type, select, error, rawget, pairs, setmetatable
local mathtype, floor, ceil, rawtostring = math.type, math.floor, math.ceil, tostring
local format, gsub, find, sub, rep, byte = string.format, string.gsub, string.find, string.sub, string.rep, string.byte
local concat, unpack51 = table.concat, table.unpack
local debug = debug

unpack = unpack51

-- Numbers ------------------------------------------------------------------------------------

-- A `..` operand (the pre-pass wraps each one in this): 5.4 already writes most numbers as 5.1
-- did; an integral float becomes an integer (so "v="..4/2 is "v=2", and a __concat metamethod still
-- receives a number), and what 5.1's "%.14g" writes in exponent form becomes that text.
local tointeger = math.tointeger
local function cat51(v)
  local kind = mathtype(v)
  if kind == "float" then
    if v % 1 == 0 and v > -1e14 and v < 1e14 then
      if v == 0 and 1 / v < 0 then return "-0" end
      return tointeger(v)
    end
  elseif kind == "integer" and (v >= 100000000000000 or v <= -100000000000000) then
    return format("%.14g", v)
  end
  return v
end
__luat_tostr51 = cat51

-- A number's 5.1 text (anything else is returned unchanged).
local function num51(v)
  if mathtype(v) then return format("%.14g", v) end
  return v
end

-- An integer below 10^14 has the same text in 5.4's own tostring (C's "%lld", cheaper than "%g").
function tostring(v)
  local kind = mathtype(v)
  if kind == "integer" then
    if v < 100000000000000 and v > -100000000000000 then return rawtostring(v) end
  elseif kind == nil then
    return rawtostring(v)
  end
  return format("%.14g", v)
end

-- Whole numbers as 5.1's lua_tointeger made them: truncated toward zero.
local function truncate(v)
  if v >= 0 then return floor(v) end
  return ceil(v)
end

-- Wrappers call the C functions through upvalues named as in 5.1, so a bad argument still reads
-- "bad argument #2 to 'format'"; the position the error names is moved from this file to the
-- script's line by relocate() below.
-- string.format: host/lua51format.lua (loaded under this chunk's name, so its errors are relocated too).
host.lua51_part("lua51format")(truncate)

-- string.gsub, string.rep ------------------------------------------------------------------

-- 5.1 copies "%x" (x not a digit) as "x"; 5.4 refuses it.
local function replacement51(repl)
  return (gsub(repl, "%%(.?)", function(c)
    if c == "" then return "\0" end -- a lone % at the end: 5.1 copied the terminating NUL
    if c == "%" or find(c, "^%d") then return "%" .. c end
    return c
  end))
end

function string.gsub(s, pattern, repl, n)
  local kind = type(repl)
  if kind == "string" then
    if find(repl, "%", 1, true) then repl = replacement51(repl) end
  elseif kind == "number" then
    repl = num51(repl)
  elseif kind == "function" then
    local f = repl
    repl = function(...) return num51(f(...)) end
  elseif kind == "table" then
    local t = repl
    repl = function(key) return num51(t[key]) end
  end
  return gsub(s, pattern, repl, n)
end

function string.rep(s, n)
  if mathtype(n) == "float" and n % 1 ~= 0 then n = truncate(n) end
  return rep(s, n) -- 5.1 has no separator argument
end

-- 5.1 started a search past the end at the end (an empty pattern still matches there).
function string.find(s, pattern, init, plain)
  if init and type(s) == "string" and mathtype(init) and init > #s + 1 then init = #s + 1 end
  return find(s, pattern, init, plain)
end

-- table.concat prints numbers as 5.1 did ("1,2", not "1.0,2.0"). Only a whole float prints
-- differently in 5.4: it ends in ".0", so a result with no ".0" before a separator or at its end
-- is already 5.1's.
function table.concat(t, sep, i, j)
  local joined = concat(t, sep, i, j)
  local marker = (sep == nil or sep == "") and ".0" or ".0" .. sep
  if not find(joined, marker, 1, true) and sub(joined, -2) ~= ".0" then return joined end
  local last = j or #t
  for k = i or 1, last do
    if mathtype(rawget(t, k)) == "float" then
      local copy = {}
      for m = i or 1, last do copy[m] = num51(t[m]) end
      return concat(copy, sep, i, j)
    end
  end
  return joined
end

-- numbers: host/lua51numbers.lua (tonumber and math as 5.1 had them).
host.lua51_part("lua51numbers")()

-- table ---------------------------------------------------------------------------------------

table.getn = function(t) return #t end
table.setn = function() error("'setn' is obsolete", 2) end
table.maxn = function(t)
  local max = 0
  for k in pairs(t) do
    if type(k) == "number" and k > max then max = k end
  end
  return max
end
table.foreach = function(t, f)
  for k, v in pairs(t) do
    local r = f(k, v)
    if r ~= nil then return r end
  end
end
table.foreachi = function(t, f)
  for i = 1, #t do
    local r = f(i, t[i])
    if r ~= nil then return r end
  end
end

-- getfenv / setfenv: a function's environment is its _ENV upvalue ------------------------------

local function envSlot(f)
  local i = 1
  while true do
    local name = debug.getupvalue(f, i)
    if name == nil then return nil end
    if name == "_ENV" then return i end
    i = i + 1
  end
end

local function targetFunction(f, name)
  if f == nil then f = 1 end
  if type(f) == "number" then
    if f < 0 then error("bad argument #1 to '" .. name .. "' (level must be non-negative)", 3) end
    if f == 0 then return nil end
    local info = debug.getinfo(f + 2, "f")
    if info == nil then error("bad argument #1 to '" .. name .. "' (invalid level)", 3) end
    return info.func
  end
  if type(f) ~= "function" then
    error("bad argument #1 to '" .. name .. "' (number expected, got " .. type(f) .. ")", 3)
  end
  return f
end

function getfenv(f)
  local fn = targetFunction(f, "getfenv")
  local slot = fn and envSlot(fn)
  if not slot then return _G end
  local _, env = debug.getupvalue(fn, slot)
  return env
end

function setfenv(f, t)
  if type(t) ~= "table" then
    error("bad argument #2 to 'setfenv' (table expected, got " .. (t == nil and "no value" or type(t)) .. ")", 2)
  end
  local fn = targetFunction(f, "setfenv")
  if fn == nil then return nil end
  -- The host's own Lua wrappers (chunks named "=host.*": the loaders, the file system) keep their environment:
  -- a script that could swap their globals could make their checks lie (e.g. the text-only check of load).
  if debug.getinfo(fn, "S").source:sub(1, 6) == "=host." then
    error("'setfenv' cannot change environment of given object", 2)
  end
  local slot = envSlot(fn)
  if slot == nil then
    if debug.getinfo(fn, "S").what == "C" then error("'setfenv' cannot change environment of given object", 2) end
    return fn
  end
  -- A fresh upvalue for this function only (5.1 environments were per function).
  debug.upvaluejoin(fn, slot, function() return t end, 1)
  return fn
end

-- coroutine.running is nil outside a coroutine in 5.1 ------------------------------------------

local running = coroutine.running
coroutine.running = function()
  local co, main = running()
  if main then return nil end
  return co
end

-- Error messages in 5.1's words --------------------------------------------------------------

local LITERAL_MESSAGES = {
  ["attempt to yield from outside a coroutine"] = "attempt to yield across metamethod/C-call boundary",
}

local function message51(m)
  if type(m) ~= "string" then return m end
  -- "attempt to index a nil value (local 'x')" → "attempt to index local 'x' (a nil value)"
  m = gsub(m, "attempt to ([%a ]-) an? (%a+) value %((%a+) '([^']*)'%)", "attempt to %1 %3 '%4' (a %2 value)")
  -- string arithmetic: "attempt to add a 'string' with a 'number'"
  m = gsub(m, "attempt to %a+ a '(%a+)' with a '(%a+)'", function(a, b)
    return "attempt to perform arithmetic on a " .. (a == "string" and a or b) .. " value"
  end)
  m = gsub(m, "bad 'for' (%a+) value %(number expected, got %a+%)", "'for' %1 value must be a number")
  m = gsub(m, "%(thread expected, got [%a ]+%)", "(coroutine expected)")
  local tail = gsub(m, "^[^:]*:%d+: ", "")
  local literal = LITERAL_MESSAGES[tail]
  if literal then m = sub(m, 1, #m - #tail) .. literal end
  return m
end

__luat_message51 = message51

-- An error raised by a C function that a wrapper in this file called names this file's line; 5.1
-- named the script's line (or none, when pcall called the function directly). Run as a message
-- handler, while the stack is still there.
local HERE = "^host%.lua51:%d+: "
local function relocate(m)
  if type(m) ~= "string" or not find(m, HERE) then return m end
  -- Up the stack: this file's handler frames, the C function that raised, this file's wrapper
  -- frames, then the script's frame (or a C caller such as pcall: no position then).
  local level, passedRaiser = 2, false
  while true do
    local info = debug.getinfo(level, "Sl")
    if info == nil then return (gsub(m, HERE, "")) end
    if info.what == "C" then
      if passedRaiser then return (gsub(m, HERE, "")) end
      passedRaiser = true
    elseif info.source ~= "=host.lua51" then
      return (gsub(m, HERE, info.short_src .. ":" .. info.currentline .. ": "))
    end
    level = level + 1
  end
end

local function handle51(m)
  return message51(relocate(m))
end

-- The traceback of an error that ends the script, without this file's wrapper frames.
__luat_traceback51 = function(m)
  local trace = debug.traceback(handle51(m), 2)
  trace = gsub(trace, "\n\t%[C%]: in upvalue 'rawerror'", "")
  return (gsub(trace, "\n\thost%.lua51:%d+: [^\n]*", ""))
end

local builtins = setmetatable({}, { __mode = "k" }) -- filled at the end of this file

local function failed51(f, ok, ...)
  if ok then return ok, ... end
  local m = ...
  if builtins[f] and type(m) == "string" then m = gsub(m, "^(bad argument #%d+ to )'[^']*'", "%1'?'") end
  return ok, m
end

local xpcall = xpcall
_G.pcall = function(f, ...) return failed51(f, xpcall(f, handle51, ...)) end
_G.xpcall = function(f, handler, ...)
  return xpcall(f, function(m) return handler(handle51(m)) end, ...)
end
-- coroutine.resume stays the C function (a wrapper cost every task switch); Luat's patch.lua
-- wrapper, which every sys-based script loads, reports a task's error in 5.1's words.

-- error(number) gets a position and becomes a string, as 5.1's error did with any "string" value.
local rawerror = error
_G.error = function(m, level)
  if mathtype(m) then
    m = num51(m)
    if level == nil then level = 1 end
  end
  if level == nil then return rawerror(m, 2) end
  if level > 0 then level = level + 1 end
  return rawerror(m, level)
end

-- next with a float key that is an integer (every literal is a float here) finds the array part.
local rawnext = next
_G.next = function(t, k)
  if mathtype(k) == "float" then k = tointeger(k) or k end
  return rawnext(t, k)
end

gcinfo = function() return floor(collectgarbage("count")) + 0.0 end

-- loadstring: the same source pre-pass as files (5.1 numbers, Luat's continue) --------------------

local load = load
function loadstring(source, chunkname)
  if type(source) == "string" then
    return load(host.prepass(source), chunkname or source)
  end
  return load(source, chunkname)
end

-- io.write prints numbers as 5.1 did ("%.14g").
local write = io.write
io.write = function(...)
  local n = select("#", ...)
  for i = 1, n do
    if mathtype((select(i, ...))) == "float" then
      local args = { ... }
      for k = i, n do args[k] = num51(args[k]) end
      return write(unpack51(args, 1, n))
    end
  end
  return write(...)
end

string.gfind = string.gmatch

-- ipairs as 5.1's: a table, read raw up to the first nil (5.4 follows __index).
local function inext(t, i)
  i = i + 1
  local v = rawget(t, i)
  if v ~= nil then return i, v end
end
ipairs = function(...)
  local t = ...
  if type(t) ~= "table" then
    error("bad argument #1 to 'ipairs' (table expected, got " .. (select("#", ...) == 0 and "no value" or type(t)) .. ")", 2)
  end
  return inext, t, 0
end

-- Metatables as 5.1 used them: __le falls back to not __lt(b, a); __len is never used for tables.
local rawsetmetatable = setmetatable
_G.setmetatable = function(t, mt)
  if type(t) == "table" and type(mt) == "table" then
    local lt = rawget(mt, "__lt")
    if lt ~= nil and rawget(mt, "__le") == nil then
      rawset(mt, "__le", function(a, b) return not lt(b, a) end)
    end
    if rawget(mt, "__len") ~= nil then rawset(mt, "__len", nil) end
  end
  return rawsetmetatable(t, mt)
end

-- newproxy: 5.1's undocumented userdata maker (a host function makes the userdata).
newproxy = host.newproxy

-- Not in 5.1 (the host's own scripts keep their captured copies).
coroutine.isyieldable = nil
rawlen = nil

-- 5.1 could not name a C function that pcall called directly: "bad argument #1 to '?'".
for _, lib in ipairs({ _G, string, table, math, os, coroutine }) do
  for _, f in pairs(lib) do
    if type(f) == "function" then builtins[f] = true end
  end
end

