-- Luat's http demo shape: a GET with a callback, then a download into a file, then a ranged GET streamed to a function.
-- Serve any folder over HTTP and point the script's host at it with --map (the script is not edited):
--   python3 -m http.server 8000 --bind 127.0.0.1 --directory demo/http-download
--   dotnet run --project Host -- run demo/http-download --map files.example.com:80=127.0.0.1:8000 --for 20s
PROJECT = "HTTP_DOWNLOAD"
VERSION = "1.0.0"

require "log"
require "sys"
require "net"
require "http"

local function cbFnc(result, prompt, head, body)
  log.info("httpDownload.cbFnc", result, prompt, head and head["Content-Length"], body and #body)
end

sys.taskInit(function()
  while not socket.isReady() do sys.waitUntil("IP_READY_IND") end
  http.request("GET", "http://files.example.com/main.lua", nil, nil, nil, 30000, cbFnc)
  sys.wait(3000)
  http.request("GET", "http://files.example.com/main.lua", nil, nil, nil, 30000, function(result, prompt, head, path)
    log.info("httpDownload.file", result, prompt, path, io.fileSize(path))
  end, "/download.lua")
  sys.wait(3000)
  local received = 0
  http.request("GET", "http://files.example.com/main.lua", nil, {Range = "bytes=10-"}, nil, 30000, function(result, prompt)
    log.info("httpDownload.range", result, prompt, received)
  end, function(data, total, status)
    received = received + #data
  end)
end)

sys.init(0, 0)
sys.run()
