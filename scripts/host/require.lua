-- require as on the device: a built-in host library wins (it replaces the Luat lib file a
-- project may carry, with one warning); then the project and absolute device paths from
-- package.path (`/lua/?.lua` first); C modules are never loaded from disk.
local host = ...
local warned = {}

local function builtin(name)
  local loader = package.preload[name] or host.builtin_loader(name)
  if loader == nil then
    return "no built-in module '" .. name .. "'"
  end
  local shadowed = host.find_in_path(name, package.path)
  if shadowed and not warned[name] then
    warned[name] = true
    host.warn("project file " .. shadowed .. " ignored: '" .. name .. "' is provided by the host (built-in)")
  end
  return loader, ":builtin:"
end

local function project(name)
  local found, searched = host.find_in_path(name, package.path)
  if not found then
    return searched
  end
  local chunk, err = host.loadfile(found)
  if not chunk then
    error(err, 0)
  end
  return chunk, found
end

package.path = "/lua/?.lua;/?.lua"
package.cpath = ""
package.searchers = { builtin, project }
