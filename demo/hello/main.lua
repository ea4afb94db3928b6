-- A minimal Luat project: run it with
--   dotnet run --project Host -- run demo/hello --for 5s
PROJECT = "HELLO"
VERSION = "1.0.0"

require "log"
LOG_LEVEL = log.LOGLEVEL_TRACE

require "sys"
require "net"
net.startQueryAll(60000, 60000)

require "greeter"

sys.init(0, 0)
sys.run()
