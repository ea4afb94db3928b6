-- Lua 5.1 / Luat compatibility on Lua 5.4 (luat-api §2.2). Installed before the first require.
local debug, setmetatable, getmetatable, type, rawget = debug, setmetatable, getmetatable, type, rawget

-- (The 5.1 standard library — numbers, string, math, table, fenv — is host/lua51.lua.)

-- module(name, ...): the 5.1 way a file becomes a library. The module table is created (or
-- reused) as package.loaded[name] and as the global `name`, the options (package.seeall) are
-- applied, and the calling chunk's _ENV is replaced so its later global definitions become
-- module members.
local function findtable(root, dotted)
  local t = root
  for part in dotted:gmatch("[^%.]+") do
    local nxt = rawget(t, part)
    if nxt == nil then
      nxt = {}
      t[part] = nxt
    elseif type(nxt) ~= "table" then
      return nil
    end
    t = nxt
  end
  return t
end

function module(name, ...)
  if type(name) ~= "string" then
    error("bad argument #1 to 'module' (string expected, got " .. type(name) .. ")", 2)
  end
  local m = package.loaded[name]
  if type(m) ~= "table" then
    m = findtable(_G, name)
    if m == nil then error("name conflict for module '" .. name .. "'", 2) end
    package.loaded[name] = m
  end
  if m._NAME == nil then
    m._M = m
    m._NAME = name
    m._PACKAGE = name:match("^(.*%.)[^%.]*$") or ""
  end
  -- The caller gets an _ENV of its own (upvaluejoin): a loader function defined inside another
  -- chunk shares that chunk's _ENV, which must keep its globals (5.1 environments were per function).
  local caller = debug.getinfo(2, "f").func
  local i = 1
  while true do
    local upname = debug.getupvalue(caller, i)
    if upname == nil then break end
    if upname == "_ENV" then
      debug.upvaluejoin(caller, i, function() return m end, 1)
      break
    end
    i = i + 1
  end
  -- Lua 5.4's require passes the file path after the name, so `module(...)` sees it: only
  -- functions (package.seeall) are options.
  for i = 1, select("#", ...) do
    local option = select(i, ...)
    if type(option) == "function" then option(m) end
  end
  return m
end

function package.seeall(m)
  local mt = getmetatable(m)
  if mt == nil then
    mt = {}
    setmetatable(m, mt)
  end
  mt.__index = _G
end
