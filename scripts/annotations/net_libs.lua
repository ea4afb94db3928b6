---@meta
socket = {}
---@return boolean ready the data bearer is up (= link.isReady)
function socket.isReady() end
---A TCP client (inside a task). cert = {caCert=, clientCert=, clientKey=, clientPassword=} file names.
---@param ssl? boolean @param cert? table
---@return SocketClient|nil
function socket.tcp(ssl, cert) end
---@return SocketClient|nil
function socket.udp() end

---@class SocketClient
local SocketClient = {}
---@param address string @param port integer|string @param timeout? integer seconds (120)
---@return boolean ok @return integer? id
function SocketClient:connect(address, port, timeout) end
---Sends everything (in 11200-byte pieces); false when the link is closed.
---@param data string @param timeout? integer seconds (120)
---@return boolean
function SocketClient:send(data, timeout) end
---true, data | false, "timeout" | false, msg, data (sys.publish(msg, data) interrupted) | false, "CLOSED" | false, "IP_ERROR_IND"
---@param timeout? integer ms @param msg? string @param msgNoResume? boolean
---@return boolean ok @return string? data @return string? param
function SocketClient:recv(timeout, msg, msgNoResume) end
---@param keepAlive? integer seconds @param pingreq? string|function
---@return boolean
function SocketClient:asyncSelect(keepAlive, pingreq) end
---@param data string @param timeout? integer
---@return boolean
function SocketClient:asyncSend(data, timeout) end
---@return string data ("" when nothing arrived)
function SocketClient:asyncRecv() end
---@return integer pending
function SocketClient:getAsyncSend() end
---@param rcvCbFnc fun(readFnc: fun(): string, socketIndex: integer, len: integer)
function SocketClient:setRcvProc(rcvCbFnc) end
function SocketClient:close() end

http = {}
---Runs in its own task; cbFnc(result, prompt, head, body): prompt is the status code as a string ("200") on success,
---else the error text ("connect fail", "network not ready", "Invalid url, can't get host"); body is the file path when
---rcvFileName is a string. rcvFileName may be a function(data, totalLen, statusCode) that receives the body in chunks.
---@param method "GET"|"POST"|"HEAD" @param url string @param cert? table @param head? table<string,string>
---@param body? string|table @param timeout? integer ms (30000)
---@param cbFnc? fun(result: boolean, prompt: string, head: table?, body: string?)
---@param rcvFileName? string|fun(data: string, totalLen: integer, statusCode: string): boolean?
---@return string|nil rcvFileName
function http.request(method, url, cert, head, body, timeout, cbFnc, rcvFileName) end
