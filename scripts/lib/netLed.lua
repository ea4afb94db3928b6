--- netLed: network status LEDs — hardware; the calls are accepted and do nothing on a PC.
module(..., package.seeall)

require "pins"
require "sim"

local blink = {
  NULL = { 0, 0xFFFF }, FLYMODE = { 0, 0xFFFF }, SIMERR = { 300, 5700 }, IDLE = { 300, 3700 },
  GSM = { 300, 1700 }, GPRS = { 300, 700 }, SCK = { 100, 100 },
}

function setup(flag, ledPin, ltePin)
  -- Recorded by the host as hardware no-ops, so a run shows which pins the LEDs would use.
  if ledPin then pio.pin.setdir(pio.OUTPUT, ledPin) end
  if ltePin then pio.pin.setdir(pio.OUTPUT, ltePin) end
end

function updateBlinkTime(state, on, off)
  if blink[state] then blink[state] = { on, off } end
end
