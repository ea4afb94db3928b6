--- ftp: an FTP client (RFC 959, passive mode) over Luat's socket library, written for LuatHost with the API of Luat's
-- lib/ftp.lua (V2.4.0), used from a task: ftp.login("PASV", host[, port=21], user, password[, timeout][, ssl][, cert]),
-- ftp.command(text), ftp.pwd(), ftp.cwd(path), ftp.cdup(), ftp.mkd(path), ftp.deletefolder(path),
-- ftp.deletefile(path), ftp.checktype("A"|"I"), ftp.list(path), ftp.upload(remote, local), ftp.download(remote,
-- local), ftp.close(). Each returns a reply code and text as strings ("200", " ...\r\n" as the server wrote it), or
-- Luat's own codes for what went wrong locally ("502" SOCKET_CONN_ERROR, "503" SOCKET_RECV_TIMOUT, "426"
-- SOCKET_SEND_ERROR); list returns true and the listing. Timeouts are in ms (default 30000; Luat's waits forever).
--
-- As in Luat's library an upload appends (APPE). Unlike it, replies are read whole (several lines, or split over
-- several reads), a transfer is complete only with the server's 226, and the data are never taken for a reply.
require "socket"
require "utils"
module(..., package.seeall)

local DEFAULT_TIMEOUT = 30000
local CHUNK = 11200

local control -- the command connection
local pending = "" -- bytes of the command connection not yet read as a reply

local function wait(timeout)
  return tonumber(timeout) and timeout > 0 and timeout or DEFAULT_TIMEOUT
end

local function shut()
  if control then control:close() end
  control, pending = nil, ""
end

-- Cuts one whole reply off the front of `pending`: "ddd text" ending its line, or "ddd-" lines up to the line that
-- starts "ddd " (RFC 959 section 4.2). Returns the code and the reply text, or nil while it is not all there.
local function cutReply()
  while true do
    local code, separator = pending:match("^(%d%d%d)([ -])")
    if code then
      local stop
      if separator == " " then
        stop = pending:find("\n", 1, true)
      else
        local from = 1
        while not stop do
          local lineEnd = pending:find("\n", from, true)
          if not lineEnd then break end
          if pending:sub(lineEnd + 1, lineEnd + 4) == code .. " " then stop = pending:find("\n", lineEnd + 1, true) or -1 end
          from = lineEnd + 1
        end
        if stop == -1 then stop = nil end
      end
      if not stop then return nil end
      local reply = pending:sub(1, stop)
      pending = pending:sub(stop + 1)
      return code, reply
    end
    -- Not the start of a reply: skip that line (nothing the protocol sends), or wait for the rest of it.
    local lineEnd = pending:find("\n", 1, true)
    if not lineEnd or #pending < 4 then return nil end
    pending = pending:sub(lineEnd + 1)
  end
end

local function readReply(timeout)
  while true do
    local code, reply = cutReply()
    if code then
      log.info("ftp", reply)
      return code, reply
    end
    local ok, data = control:recv(wait(timeout))
    if not ok then return nil end
    pending = pending .. data
  end
end

local function send(text)
  return control:send(text .. "\r\n")
end

-- A command and its reply: code, text after the code (Luat's shape), or Luat's local error codes.
local function exchange(text, timeout)
  if not control then return "503", "SOCKET_NOT_CONNECTED" end
  if not send(text) then shut() return "426", "SOCKET_SEND_ERROR" end
  local code, reply = readReply(timeout)
  if not code then shut() return "503", "SOCKET_RECV_TIMOUT" end
  return code, reply:sub(4)
end

--- ftp.command(text[, timeout]): any command; returns its reply's code and text.
function command(text, timeout)
  return exchange(text, timeout)
end

--- ftp.login("PASV", host[, port], user, password[, timeout][, ssl][, cert]): "200", "ftp login success" when in.
function login(mode, host, port, user, password, timeout, ssl, cert)
  if mode ~= "PASV" then return "-1", "ftp ftp_mode error" end -- Luat's library has no active mode either
  while not socket.isReady() do sys.wait(1000) end
  shut()
  control = socket.tcp(ssl, cert)
  if not control:connect(host, port or 21, math.ceil(wait(timeout) / 1000)) then shut() return "502", "SOCKET_CONN_ERROR" end
  local code, reply = readReply(timeout)
  if not code then shut() return "503", "SOCKET_RECV_TIMOUT" end
  if code ~= "220" then shut() return code, reply:sub(4) end
  code, reply = exchange("USER " .. user, timeout)
  if code == "331" then code, reply = exchange("PASS " .. password, timeout) end
  if code ~= "230" then
    log.error("ftp login refused", code, reply)
    shut()
    return code, reply
  end
  return "200", "ftp login success"
end

local transfers = 0

-- One transfer over a passive data connection: PASV, the data connection, the command, its 125/150, the data, the
-- 226. The data connection lives in a task of its own: Luat's socket library wakes a socket's task on that socket's
-- events (its close above all), so a data connection closing in the command connection's task would end whatever
-- that task was waiting for there. move(data, go) receives or sends on the data socket and returns true when all
-- went through; go() waits until the server has taken the command (what an upload must wait for).
local function transfer(commandText, timeout, move)
  local code, reply = exchange("PASV", timeout)
  if code ~= "227" then return code, reply end
  local h1, h2, h3, h4, p1, p2 = reply:match("(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)")
  if not h1 then return "502", "no address in the PASV reply" end
  transfers = transfers + 1
  local name = "LIB_FTP_DATA_" .. transfers
  -- Each side sets its state before publishing name, and waits only while the state is unchanged: a publish made
  -- while the other side was busy elsewhere is then never missed.
  local state, go = "connecting", nil
  local function waitWhile(current, value)
    while current() == value do
      if not sys.waitUntil(name, wait(timeout)) then return end
    end
  end
  sys.taskInit(function()
    local data = socket.tcp()
    if data:connect(h1 .. "." .. h2 .. "." .. h3 .. "." .. h4, tonumber(p1) * 256 + tonumber(p2), math.ceil(wait(timeout) / 1000)) then
      state = "connected"
      sys.publish(name)
      local moved = move(data, function()
        waitWhile(function() return go end, nil)
        return go
      end)
      state = moved and "done" or "failed"
    else
      state = "failed"
    end
    data:close()
    sys.publish(name)
  end)
  local function current() return state end
  waitWhile(current, "connecting")
  if state ~= "connected" then return "502", "SOCKET_CONN_ERROR" end
  code, reply = exchange(commandText, timeout)
  go = code == "150" or code == "125"
  sys.publish(name)
  if not go then return code, reply end
  waitWhile(current, "connected")
  if state ~= "done" then
    readReply(timeout) -- the server's word on the broken transfer
    return "503", "SOCKET_RECV_TIMOUT"
  end
  code, reply = readReply(timeout)
  if not code then shut() return "503", "SOCKET_RECV_TIMOUT" end
  if code == "226" or code == "250" then return "200", "ftp success" end
  return code, reply:sub(4)
end

-- For move: reads the data connection until the server closes it (the end of the data), handing each piece to sink.
local function receiveAll(sink, timeout)
  return function(data)
    while true do
      local ok, bytes = data:recv(wait(timeout))
      if not ok then return bytes == "CLOSED" or bytes == nil end
      sink(bytes)
    end
  end
end

--- ftp.list(path[, timeout]): true and the listing, or a code and text.
function list(path, timeout)
  local parts = {}
  local code, reply = transfer("LIST " .. (path or ""), timeout, receiveAll(function(bytes) parts[#parts + 1] = bytes end, timeout))
  if code ~= "200" then return code, reply end
  return true, table.concat(parts)
end

--- ftp.upload(remote, local[, timeout]): appends the device file local to the server's remote (APPE, as Luat).
function upload(remote, localFile, timeout)
  if not io.exists(localFile) then return "503", "file open error" end
  exchange("TYPE I", timeout)
  local size = io.fileSize(localFile)
  return transfer("APPE " .. remote, timeout, function(data, go)
    if not go() then return false end
    local offset = 0
    while offset < size do
      local piece = io.readStream(localFile, offset, math.min(CHUNK, size - offset))
      if not piece or piece == "" or not data:send(piece) then return false end
      offset = offset + #piece
    end
    return true
  end)
end

--- ftp.download(remote, local[, timeout]): the server's remote into the device file local (replaced).
function download(remote, localFile, timeout)
  exchange("TYPE I", timeout)
  local code, reply = exchange("SIZE " .. remote, timeout)
  if code == "550" then log.error("ftp filename error", reply) return code, reply end
  if io.exists(localFile) then os.remove(localFile) end
  local file = io.open(localFile, "wb")
  if not file then return "503", "file open error" end
  code, reply = transfer("RETR " .. remote, timeout, receiveAll(function(bytes) file:write(bytes) end, timeout))
  file:close()
  return code, reply
end

--- ftp.checktype("A"|"I"[, timeout]): the transfer type.
function checktype(mode, timeout)
  return exchange("TYPE " .. mode, timeout)
end

function pwd(timeout)
  return exchange("PWD", timeout)
end

function cwd(path, timeout)
  return exchange("CWD " .. path, timeout)
end

function cdup(timeout)
  return exchange("CDUP", timeout)
end

function mkd(path, timeout)
  return exchange("MKD " .. path, timeout)
end

function deletefolder(path, timeout)
  return exchange("RMD " .. path, timeout)
end

function deletefile(path, timeout)
  return exchange("DELE " .. path, timeout)
end

--- ftp.close(): QUIT and close the command connection.
function close()
  if control then
    send("QUIT")
    readReply(5000)
  end
  shut()
  log.info("ftp", "ftp close")
end
