-- Luat's mqtt demo shape (script_LuaTask/demo/mqtt): a task that connects, subscribes, then alternates between
-- receiving (woken early when there is something to send) and publishing. Run a broker, then point the demo's host
-- name at it with --map (the script is not edited):
--   mosquitto -p 1884 -v
--   dotnet run --project Host -- run demo/mqtt --map lbsmqtt.airm2m.com:1884=127.0.0.1:1884 --for 30s
-- Send it something: mosquitto_pub -p 1884 -t /event0 -m hello ; watch it: mosquitto_sub -p 1884 -t '/luat/#' -v
PROJECT = "MQTT_DEMO"
VERSION = "1.0.0"

require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE
require "sys"
require "net"
require "misc"

require "mqttTask"

sys.init(0, 0)
sys.run()
