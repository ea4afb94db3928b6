--- pins: GPIO helpers — hardware; setup returns a getter/setter closure that remembers the level.
require "sys"
module(..., package.seeall)

local levels = {}

function setup(pin, val, pull)
  pio.pin.close(pin)
  if type(val) == "function" then
    pio.pin.setdir(pio.INT, pin)
    return function() return levels[pin] or 0 end
  elseif val ~= nil then
    levels[pin] = val
    pio.pin.setdir(pio.OUTPUT, pin)
    return function(v) levels[pin] = v end
  end
  pio.pin.setdir(pio.INPUT, pin)
  return function() return levels[pin] or 0 end
end

function close(pin)
  pio.pin.close(pin)
  levels[pin] = nil
end
