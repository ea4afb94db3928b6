--- ntp: on the device it asks NTP servers over UDP and sets the clock. The PC clock is already
-- right, so a sync "succeeds" at once: NTP_SUCCEED is published and the callback told so.
require "sys"
require "misc"
require "socket"
require "utils"
require "log"
module(..., package.seeall)

local servers = { "cn.pool.ntp.org", "edu.ntp.org.cn", "cn.ntp.org.cn", "s2c.time.edu.cn", "time1.aliyun.com" }
local done = false

function getServers() return servers end

function setServers(t) servers = t end

function isEnd() return done end

function ntpTime(ts, fnc, fun)
  done = true
  sys.publish("NTP_SUCCEED")
  if fnc then fnc(os.date("*t"), true) end
  if fun then fun() end
end

function timeSync(period, fnc, fun)
  sys.timerStart(ntpTime, 10, nil, fnc, fun)
end
