-- Luat's socket demo shape: a TCP client that sends a line every 5 s and prints what comes back.
-- Run an echo server, then point the script's host name at it with --map (the script is not edited):
--   python3 demo/socket-echo/echo_server.py 7000
--   dotnet run --project Host -- run demo/socket-echo --map echo.example.com:7000=127.0.0.1:7000 --for 20s
PROJECT = "SOCKET_ECHO"
VERSION = "1.0.0"

require "log"
require "sys"
require "net"
require "socket"

sys.taskInit(function()
  while not socket.isReady() do sys.waitUntil("IP_READY_IND") end
  local c = socket.tcp()
  while not c:connect("echo.example.com", 7000) do
    log.warn("socketEcho", "connect failed; retrying in 5 s")
    sys.wait(5000)
  end
  local n = 0
  while true do
    n = n + 1
    if not c:send("hello " .. n .. "\r\n") then break end
    local ok, data = c:recv(5000)
    if ok then log.info("socketEcho.recv", data) elseif data ~= "timeout" then break end
    sys.wait(5000)
  end
  c:close()
  log.info("socketEcho", "closed")
end)

sys.init(0, 0)
sys.run()
