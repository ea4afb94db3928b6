-- Confines io.* / os.remove / os.rename / dofile / loadfile to the device's file system
-- (`/` = the device data folder, `/lua/` = the project). host.resolve raises a clear error for a
-- path that would leave it. Process-level escapes (os.execute, io.popen) exist only with --unsafe.
local host = ...
local io, os, type, error, pcall = io, os, type, error, pcall
local pack, unpack = table.pack, table.unpack

-- Raised at the script's line (level 3: the caller of io.open & co.), not inside this file.
local function resolve(path)
  local real, problem = host.resolve(path)
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

local rawOpen = io.open
io.open = function(path, mode)
  local real = resolve(path)
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
  if type(f) == "string" then return rawOutput(resolve(f)) end
  return rawOutput(f)
end

local rawRemove, rawRename = os.remove, os.rename
os.remove = function(path)
  local real = resolve(path)
  local ok, err, code = rawRemove(real)
  if not ok then return nil, clean(err, real, path), code end
  return ok
end
os.rename = function(from, to)
  local realFrom, realTo = resolve(from), resolve(to)
  local ok, err, code = rawRename(realFrom, realTo)
  if not ok then return nil, clean(clean(err, realFrom, from), realTo, to), code end
  return ok
end

local rawLoadfile, rawDofile = loadfile, dofile
loadfile = function(path, ...)
  if path == nil then return rawLoadfile() end
  return host.loadfile(path, ...)
end
dofile = function(path)
  if path == nil then return rawDofile() end
  local chunk = assert(host.loadfile(path))
  return chunk()
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
  -- files are Lua 5.1 bytecode, which 5.4 cannot run anyway. The env argument is passed on only
  -- when given, since load(s, n, m, nil) would give the chunk a nil _ENV.
  local rawLoad, select = load, select
  load = function(chunk, name, mode, ...)
    if select("#", ...) > 0 then return rawLoad(chunk, name, "t", ...) end
    return rawLoad(chunk, name, "t")
  end
  loadstring = load

  -- debug.getupvalue & co. would hand a script the raw io.open wrapped above (and this file's
  -- host table): only the introspection Luat code uses is left. compat.lua keeps its own reference
  -- for module(); sys and patch use traceback.
  local fullDebug = debug
  debug = { traceback = fullDebug.traceback, getinfo = fullDebug.getinfo }
  package.loaded.debug = debug

  -- The device has no environment; the PC's may hold tokens and passwords.
  os.getenv = function() return nil end
end
