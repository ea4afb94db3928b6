--- errDump: on the device it uploads crash logs with the IMEI/SN to a third-party server. On a PC
-- host nothing is ever sent anywhere: request() is a no-op and appended errors stay in memory.
require "socket"
require "misc"
module(..., package.seeall)

local errors = {}

function request(addr, period)
end

function appendErr(s)
  errors[#errors + 1] = s
end

function getErrors()
  return errors
end
