-- string.format as Lua 5.1 wrote it, on Lua 5.4 (part of host/lua51.lua, which loads this file under
-- its own chunk name, "=host.lua51", so an error raised here names the script's line like the rest of
-- the layer). Two ways in: the global string.format (any call), and the call sites the source
-- pre-pass bound (Compat/Lua51FormatPrepass.cs: `string.format("literal", a, b)`), which skip the
-- vararg wrapper and its lookup of the format string. What differs from 5.1: docs/lua51-compat.md.
local truncate = ...
local type, select, error = type, select, error
local mathtype, tointeger = math.type, math.tointeger
local format, gsub, find, sub = string.format, string.gsub, string.find, string.sub
local concat, unpack51 = table.concat, table.unpack
local rawload = load

local INTEGER_CONVERSION = { d = true, i = true, o = true, u = true, x = true, X = true, c = true }
local plans, planCount = {}, 0
local AS_IS = {}

-- %q as 5.1 wrote it: only ", \, newline, \r and \0 escaped.
local function quote51(s)
  return '"' .. gsub(s, '[%z"\\\n\r]', function(c)
    if c == "\0" then return "\\000" elseif c == "\r" then return "\\r" end
    return "\\" .. c
  end) .. '"'
end

local function adjust(conversion, v, index)
  if mathtype(v) then
    if conversion == "s" or conversion == "q" then
      v = format("%.14g", v)
      if conversion == "q" then return '"' .. v .. '"' end
      return v
    end
    if INTEGER_CONVERSION[conversion] and mathtype(v) == "float" and v % 1 ~= 0 then return truncate(v) end
  elseif conversion == "q" and type(v) == "string" then
    return quote51(v)
  elseif conversion == "s" and type(v) ~= "string" then
    -- 5.1's %s takes strings and numbers only (no tostring, no __tostring).
    error("bad argument #" .. index .. " to 'format' (string expected, got " .. (v == nil and "nil" or type(v)) .. ")", 3)
  end
  return v
end

-- Every argument adjusted for its conversion (the rare path: a fraction for %d, a number for %s, any %q).
local function formatAdjusted(p, fmt, ...)
  local n = select("#", ...)
  if n == 1 then return format(p.fmt, (adjust(p[1], ..., 2))) end
  if n == 2 then
    local a, b = ...
    return format(p.fmt, adjust(p[1], a, 2), adjust(p[2], b, 3))
  end
  local args = { ... }
  for i = 1, n do
    local conversion = p[i]
    if conversion then args[i] = adjust(conversion, args[i], i + 1) end
  end
  return format(p.fmt, unpack51(args, 1, n))
end

-- Argument names a1..an, and the tests telling whether any of the first n arguments needs 5.1's
-- adjustment: not an integer (a fraction, or not a number) for an integer conversion, a non-string
-- for %s (5.4 already takes a whole float for %d and prints a string for %s as 5.1 did). The slow
-- path passes what needs nothing through unchanged, so a test may send more there than it must.
-- Compat/Lua51FormatPrepass.cs writes the same tests inline at the call sites it can.
local function names(n)
  local list = {}
  for i = 1, n do list[i] = "a" .. i end
  return concat(list, ", ")
end

local function needsAdjusting(p, n)
  local tests = {}
  for i = 1, n do
    local c = p[i]
    if c == "s" then
      tests[#tests + 1] = "type(a" .. i .. ") ~= 'string'"
    elseif INTEGER_CONVERSION[c] then
      tests[#tests + 1] = "not tointeger(a" .. i .. ")"
    end
  end
  if #tests == 0 then return "false" end
  return concat(tests, " or ")
end

-- The common path of the global string.format, compiled once per format: the native format when no
-- argument needs 5.1's adjustment, so a format costs two tests, not a call per argument.
local function compile(p)
  local source = "local format, tointeger, type, slow, p = ... return function(fmt, ...) local "
    .. names(#p) .. " = ... if " .. needsAdjusting(p, #p)
    .. " then return slow(p, fmt, ...) end return format(fmt, ...) end"
  return rawload(source, "=host.lua51")(format, tointeger, type, formatAdjusted, p)
end

-- Which conversion each argument meets; AS_IS when no argument needs a 5.1 adjustment.
local function plan(fmt)
  local p, n, i, adjusts, newfmt = {}, 0, 1, false, fmt
  while true do
    local s = find(fmt, "%", i, true)
    if not s then break end
    if sub(fmt, s + 1, s + 1) == "%" then
      i = s + 2
    else
      local _, e, spec = find(fmt, "^[-+ #0]*%d*%.?%d*(%a)", s + 1)
      if not e then break end -- malformed: format itself reports it
      n = n + 1
      p[n] = spec
      if spec == "s" or spec == "q" or INTEGER_CONVERSION[spec] then adjusts = true end
      i = e + 1
    end
  end
  if find(fmt, "%q", 1, true) then newfmt = gsub(fmt, "%%%%", "\0"):gsub("%%q", "%%s"):gsub("%z", "%%%%") end
  p.fmt = newfmt
  if not adjusts then
    p = AS_IS
  elseif newfmt == fmt and n <= 64 then
    p.run = compile(p)
  else
    p.run = function(f, ...) return formatAdjusted(p, f, ...) end
  end
  if planCount > 512 then plans, planCount = {}, 0 end
  plans[fmt], planCount = p, planCount + 1
  return p
end

function string.format(fmt, ...)
  local p = plans[fmt] or (type(fmt) == "string" and plan(fmt)) or AS_IS
  if p == AS_IS then return format(fmt, ...) end
  return p.run(fmt, ...)
end

-- Bound call sites -------------------------------------------------------------------------------

-- The pre-pass turns `string.format("%d:%s", a, b)` into `__luat_fs51[k](string.format, "%d:%s", a, b)`,
-- where __luat_fs51 is a chunk-local table made by __luat_format_sites51 below. Each site's first
-- call compiles a function for its format string and argument count (the pre-pass rewrites only
-- argument lists whose count is fixed): fixed parameters, the tests inlined, the native format
-- called directly; the site keeps it. `string.format` is still evaluated at the site, in the
-- script's order, and when it is not this file's function (the script replaced it, or `string` is
-- the script's own table) that function is called as written.
local format51 = string.format

-- string.format is not ours: call what the script has there, with 5.1's message for a non-function.
local function other(f, fmt, ...)
  local kind = type(f)
  if kind == "function" or kind == "table" or kind == "userdata" then return f(fmt, ...) end
  error("attempt to call field 'format' (a " .. kind .. " value)", 2)
end

local compiledSites, compiledCount = {}, 0

local function bind(fmt, n)
  local key = n .. "\0" .. fmt
  local site = compiledSites[key]
  if site then return site end
  local p = plans[fmt] or plan(fmt)
  local args = names(n)
  local comma = n > 0 and ", " or ""
  local body
  if p == AS_IS then
    body = "return format(fmt" .. comma .. args .. ")"
  elseif p.fmt ~= fmt or #p > 64 then
    body = "return slow(p, fmt" .. comma .. args .. ")"
  else
    body = "if " .. needsAdjusting(p, n < #p and n or #p) .. " then return slow(p, fmt" .. comma .. args
      .. ") end return format(fmt" .. comma .. args .. ")"
  end
  local source = "local format, tointeger, type, slow, p, format51, other = ... return function(f, fmt" .. comma .. args
    .. ") if f ~= format51 then return other(f, fmt" .. comma .. args .. ") end " .. body .. " end"
  site = rawload(source, "=host.lua51")(format, tointeger, type, formatAdjusted, p, format51, other)
  if compiledCount > 512 then compiledSites, compiledCount = {}, 0 end
  compiledSites[key], compiledCount = site, compiledCount + 1
  return site
end

-- The site table of one chunk with `count` bound sites (each entry binds itself on its first call),
-- and what the pre-pass's inline checks use: this file's string.format, math.tointeger, type. The
-- table's `format` is the native format: an inline site calls it as `sites.format(...)`, so a bad
-- argument reads "bad argument #2 to 'format'" at the script's line.
__luat_format_sites51 = function(count)
  local sites = { format = format }
  for k = 1, count do
    sites[k] = function(f, fmt, ...)
      local site = bind(fmt, select("#", ...))
      sites[k] = site
      return site(f, fmt, ...)
    end
  end
  return sites, format51, tointeger, type
end
