using KeraLua;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// http (lib/http.lua): <c>http.request(method, url, cert, head, body, timeout, cbFnc, rcvFileName)</c> carried out by
/// the module's own HTTP client (<see cref="LuatHost.Modem.HttpTransfer"/>). The Lua half keeps Luat's task, its
/// callback shapes and its messages (lib/http.lua in openLuat/Luat_4G_RDA_8910): <c>cbFnc(true, "200", head, body)</c>,
/// <c>cbFnc(false, "network not ready" | "connect fail" | "receive timeout" | …)</c>, the body appended to the
/// file named by <c>rcvFileName</c> or handed chunk by chunk to <c>rcvFileName(data, total, statusCode)</c>.
/// The host reads the next chunk only after the task took the previous one, so memory stays one chunk deep.
/// </summary>
public static class HttpModule
{
    public static LuatLibrary Library { get; } = new("http", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As Luat's lib/http.lua: it loads socket (so socket.isReady exists) and, through it, link.
        lib.Requires("socket", "utils");
        var state = HttpLuaState.For(lib.Context);
        lib.Function("_start", lua =>
            {
                var method = lua.Text(1, "http.request").ToUpperInvariant();
                var url = lua.Text(2, "http.request");
                var headers = Headers(lua, 3);
                var body = lua.IsNil(4) ? [] : lua.Bytes(4, "http.request");
                var ca = lua.IsNoneOrNil(5) ? [] : lua.Bytes(5, "http.request");
                var (id, failure) = state.Start(method, url, headers, body, ca);
                if (failure is not null)
                {
                    lua.PushNil();
                    lua.PushText(failure);
                    return 2;
                }
                lua.PushInteger(id);
                return 1;
            })
            .Function("_next", lua =>
            {
                state.Next(lua.Integer(1, "http.request"));
                return 0;
            })
            .Function("_stop", lua =>
            {
                state.Stop(lua.Integer(1, "http.request"));
                return 0;
            })
            .LuaPart("request", RequestSource);
    }

    private static List<KeyValuePair<string, string>> Headers(KeraLua.Lua lua, int index)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (lua.Type(index) != LuaType.Table) return headers;
        lua.PushNil();
        while (lua.Next(index))
        {
            headers.Add(new(lua.Text(-2, "http.request head"), lua.Text(-1, "http.request head")));
            lua.Pop(1);
        }
        return headers;
    }

    // The shape of Luat's taskClient: same waits, same messages, same callback arguments; the wire work is the host's.
    private const string RequestSource = """
        local http = ...
        local start, nextChunk, stop = http._start, http._next, http._stop
        http._start, http._next, http._stop = nil, nil, nil

        local function response(cbFnc, result, prompt, head, body)
          if not result then log.error("http.response", result, prompt) end
          if cbFnc then cbFnc(result, prompt, head, body) end
        end

        local function bodyOf(body)
          if type(body) ~= "table" then return body or "" end
          local parts = {}
          for i = 1, #body do
            local part = body[i]
            if type(part) == "string" then
              parts[#parts + 1] = part
            else
              local file = io.open(part.file or part.file_base64, "rb")
              if not file then return nil, "send file open fail" end
              local data = file:read("*a") or ""
              file:close()
              if part.file_base64 then data = crypto.base64_encode(data, #data) end
              parts[#parts + 1] = data
            end
          end
          return table.concat(parts)
        end

        local function total(method, head)
          if method == "HEAD" then return 0 end
          local range = head["Content-Range"]
          return range and tonumber(range:match("/(%d+)")) or tonumber(head["Content-Length"] or "2147483647")
        end

        local function taskClient(method, url, cert, head, body, timeout, cbFnc, rcvFilePath)
          while not socket.isReady() do
            if not sys.waitUntil("IP_READY_IND", timeout) then return response(cbFnc, false, "network not ready") end
          end
          local data, problem = bodyOf(body)
          if not data then return response(cbFnc, false, problem) end
          local id, failure = start(method, url, head, data, socket._caText(cert))
          if not id then return response(cbFnc, false, failure) end
          local event = "LUATHOST_HTTP_" .. id
          local statusCode, rspHead, rspBody, contentLen = nil, {}, {}, 0
          while true do
            local _, kind, a, b = sys.waitUntil(event)
            if kind == "head" then
              statusCode, rspHead = a, b
              contentLen = total(method, rspHead)
              nextChunk(id)
            elseif kind == "data" then
              if type(rcvFilePath) == "string" then
                local file = io.open(rcvFilePath, "a+")
                if not file then
                  stop(id)
                  return response(cbFnc, false, "receive: open file error", rspHead, rcvFilePath)
                end
                file:write(a)
                file:close()
              elseif type(rcvFilePath) == "function" then
                local userResult = rcvFilePath(a, contentLen, statusCode)
                if userResult ~= nil then
                  stop(id)
                  return response(cbFnc, userResult, userResult and statusCode or "receive: user process error", rspHead)
                end
              else
                rspBody[#rspBody + 1] = a
              end
              nextChunk(id)
            elseif kind == "done" then
              return response(cbFnc, true, statusCode, rspHead, rcvFilePath or table.concat(rspBody))
            else
              return response(cbFnc, false, a, statusCode and rspHead or nil, rcvFilePath or table.concat(rspBody))
            end
          end
        end

        function http.request(method, url, cert, head, body, timeout, cbFnc, rcvFileName)
          sys.taskInit(taskClient, method, url, cert, head, body, timeout or 30000, cbFnc, rcvFileName)
          if type(rcvFileName) == "string" then return rcvFileName end
        end
        """;
}
