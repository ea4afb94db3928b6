-- Confines io.* / os.remove / os.rename / dofile / loadfile / package.searchpath to the device's
-- file system (`/` = the device data folder, `/lua/` = the project, read-only). host.resolve
-- raises a clear error for a path that would leave it (or write under /lua/); a dot-folder under
-- /lua/ reads as missing. Process-level escapes (os.execute, io.popen) exist only with --unsafe.
local host = ...
local io, os, type, error, pcall = io, os, type, error, pcall
local pack, unpack = table.pack, table.unpack

-- (real path) or (nil, message, missing): a refused path raises at the script's line (level 3:
-- the caller of io.open & co.), a hidden one answers like a missing file.
local function lookup(path, access)
  local real, problem, missing = host.resolve(path, access)
  if not real and not missing then error(problem, 3) end
  return real, problem
end

local function resolve(path, access)
  local real, problem = host.resolve(path, access)
  if not real then error(problem, 3) end
  return real
end

local function clean(message, hostPath, virtualPath)
  if type(message) ~= "string" then return message end
  local first, last = message:find(hostPath, 1, true)
  if first then
    return message:sub(1, first - 1) .. virtualPath .. message:sub(last + 1)
  end
  return message
end

-- Any of w, a, + in a mode writes (io.open's own mode check comes after).
local function accessFor(mode)
  if type(mode) == "string" and mode:find("[wa+]") then return "w" end
  return "r"
end

local rawOpen = io.open
io.open = function(path, mode)
  local real, missing = lookup(path, accessFor(mode))
  if not real then return nil, missing, 2 end
  local f, err, code = rawOpen(real, mode)
  if not f then return nil, clean(err, real, path), code end
  return f
end

local rawLines = io.lines
io.lines = function(path, ...)
  if path == nil then return rawLines() end
  local real = resolve(path)
  -- io.lines raises (unlike io.open); the message names the virtual path, never the host folder.
  local result = pack(pcall(rawLines, real, ...))
  if not result[1] then error(clean(result[2], real, path), 2) end
  return unpack(result, 2, result.n)
end

local rawInput, rawOutput = io.input, io.output
io.input = function(f)
  if type(f) == "string" then return rawInput(resolve(f)) end
  return rawInput(f)
end
io.output = function(f)
  if type(f) == "string" then return rawOutput(resolve(f, "w")) end
  return rawOutput(f)
end

local rawRemove, rawRename = os.remove, os.rename
os.remove = function(path)
  local real, missing = lookup(path, "w")
  if not real then return nil, missing, 2 end
  local ok, err, code = rawRemove(real)
  if not ok then return nil, clean(err, real, path), code end
  return ok
end
os.rename = function(from, to)
  local realFrom, realTo = resolve(from, "w"), resolve(to, "w")
  local ok, err, code = rawRename(realFrom, realTo)
  if not ok then return nil, clean(clean(err, realFrom, from), realTo, to), code end
  return ok
end

-- Without a path, loadfile/dofile read standard input: as text, like every other chunk.
local rawLoadfile = loadfile
loadfile = function(path, ...)
  if path == nil then return rawLoadfile(nil, "t") end
  return host.loadfile(path, ...)
end
dofile = function(path)
  local chunk, err
  if path == nil then chunk, err = rawLoadfile(nil, "t") else chunk, err = host.loadfile(path) end
  if not chunk then error(err, 2) end
  return chunk()
end

-- package.searchpath answers with device paths, and only for files inside the device.
package.searchpath = function(name, path, sep, rep)
  if type(name) ~= "string" or type(path) ~= "string" then
    error("bad argument to 'searchpath' (strings expected)", 2)
  end
  sep, rep = sep or ".", rep or "/"
  if sep ~= "" then name = name:gsub(sep:gsub("%p", "%%%0"), (rep:gsub("%%", "%%%%"))) end
  local tried = {}
  for template in path:gmatch("[^;]+") do
    local candidate = template:gsub("%?", (name:gsub("%%", "%%%%")))
    local real = host.resolve(candidate, "r")
    local f = real and rawOpen(real, "r")
    if f then
      f:close()
      return candidate
    end
    tried[#tried + 1] = "\n\tno file '" .. candidate .. "'"
  end
  return nil, table.concat(tried)
end

os.tmpname = function() return "/tmp_" .. tostring(os.time()) .. "_" .. tostring(math.random(1, 1e9)) end
os.exit = host.exit

if not host.unsafe then
  -- Absent from the tables, but touching them says why and what to do instead of "attempt to call a nil value".
  local function refuse(libraryName, names)
    local library = _G[libraryName]
    for _, name in ipairs(names) do library[name] = nil end
    setmetatable(library, { __index = function(_, key)
      for _, name in ipairs(names) do
        if key == name then
          error(libraryName .. "." .. name .. " is not available: scripts stay inside the device; run luathost with --unsafe to allow it", 2)
        end
      end
    end })
  end
  refuse("os", { "execute" })
  refuse("io", { "popen" })
  refuse("package", { "loadlib" }) -- native code would leave the device entirely

  -- Text chunks only: the VM does not verify precompiled bytecode, and a crafted chunk (written to
  -- the data folder or built with string.dump) can break out of Lua altogether. Luat's own .luac
  -- files are Lua 5.1 bytecode, which 5.4 cannot run anyway. A reader function is drained here,
  -- in Lua, so the raw C load never runs script code (from inside it debug.getinfo(2, "f") would
  -- hand the reader the unrestricted load). The env argument is passed on only when given, since
  -- load(s, n, m, nil) would give the chunk a nil _ENV.
  local rawLoad, select, concat = load, select, table.concat
  local function drain(reader)
    local pieces = {}
    while true do
      local piece = reader()
      if piece == nil or piece == "" then return concat(pieces) end
      if type(piece) ~= "string" then error("reader function must return a string", 0) end
      pieces[#pieces + 1] = piece
    end
  end
  load = function(chunk, name, mode, ...)
    if type(chunk) == "function" then
      local ok, text = pcall(drain, chunk)
      if not ok then return nil, text end
      chunk, name = text, name or "=(load)"
    end
    if select("#", ...) > 0 then return rawLoad(chunk, name, "t", ...) end
    return rawLoad(chunk, name, "t")
  end
  loadstring = load

  -- debug.getupvalue & co. would hand a script the raw io.open wrapped above (and this file's
  -- host table), and getinfo's `func` the raw function at any stack level (a host function's
  -- unwrapped C side, a C function calling back into Lua): only traceback and getinfo without
  -- `func` are left, the introspection Luat code uses. compat.lua keeps its own reference for
  -- module(); sys and patch use traceback.
  local fullDebug = debug
  local rawGetinfo = fullDebug.getinfo
  debug = {
    traceback = fullDebug.traceback,
    getinfo = function(...)
      local info = rawGetinfo(...)
      if type(info) == "table" then info.func = nil end
      return info
    end,
  }
  package.loaded.debug = debug

  -- The device has no environment; the PC's may hold tokens and passwords.
  os.getenv = function() return nil end
end
