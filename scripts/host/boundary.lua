-- Host boundary: wraps every C# function so that a failure reported by the host (returned as
-- an unforgeable marker plus a message) is raised as a normal Lua error at the caller's line.
-- C# never raises Lua errors itself: a longjmp across .NET frames is not safe.
local MARKER = ...
local error = error

local function check(first, ...)
  if first == MARKER then
    error((...), 2)
  end
  return first, ...
end

return function(raw)
  return function(...)
    return check(raw(...))
  end
end
