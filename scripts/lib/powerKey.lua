--- powerKey: what a press of the power key does (lib/powerKey.lua semantics, written for LuatHost). A release
-- within the long-press time calls the short-press function; a longer hold calls the long-press one, or powers
-- the module off when none is given. The PC has no power key, so no press ever arrives; a project that sets
-- the key up runs unchanged.
require "sys"
module(..., package.seeall)

local holdMs, onLong, onShort = 3000, nil, nil
local state = "IDLE" -- IDLE, PRESSED, or LONGPRESSED once the hold has lasted holdMs

local function heldLong()
  state = "LONGPRESSED"
end

local function onKey(msg)
  log.info("keyMsg", msg.key_matrix_row, msg.key_matrix_col, msg.pressed)
  if msg.pressed then
    state = "PRESSED"
    sys.timerStart(heldLong, holdMs)
    return
  end
  sys.timerStop(heldLong)
  if state == "PRESSED" and onShort then
    onShort()
  elseif state == "LONGPRESSED" then
    (onLong or rtos.poweroff)()
  end
  state = "IDLE"
end

--- setup([longPrd=3000], [longCb], [shortCb]): the long-press time in ms and the two release functions.
function setup(longPrd, longCb, shortCb)
  holdMs, onLong, onShort = longPrd or 3000, longCb, shortCb
end

rtos.on(rtos.MSG_KEYPAD, onKey)
rtos.init_module(rtos.MOD_KEYPAD, 0, 0, 0)
