-- Confines io.* / os.remove / os.rename / dofile / loadfile to the device's file system
-- (`/` = the device data folder, `/lua/` = the project). host.resolve raises a clear error for a
-- path that would leave it. Process-level escapes (os.execute, io.popen) exist only with --unsafe.
local host = ...
local io, os, type, error = io, os, type, error

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
  return rawLines(resolve(path), ...)
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
end
