using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LuatHost.Net.Tests.Support;

/// <summary>
/// The server ends of the WebSocket tests, on ASP.NET Core's WebSocket implementation (its framing, masking checks,
/// ping answers and closing handshake are the third party the script's client is checked against). What each end
/// saw is read with <see cref="SeenAsync"/>.
/// </summary>
internal static class WebSocketPeer
{
    private static readonly ConcurrentQueue<string> SeenQueue = new();
    private static SemaphoreSlim _recorded = new(0);

    /// <summary>Forgets what earlier tests' servers saw.</summary>
    public static void Reset()
    {
        SeenQueue.Clear();
        _recorded = new SemaphoreSlim(0);
    }

    /// <summary>
    /// "text 5", "binary 70000 &lt;md5&gt;", "closed 1000 done" …, in the order the server saw them, once it has seen
    /// <paramref name="count"/> (the server's end may still be finishing when the script's run is over).
    /// </summary>
    public static async Task<string[]> SeenAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _recorded.WaitAsync(Testing.HangGuard.Limit)) break;
        }
        return [.. SeenQueue];
    }

    private static void Record(string what)
    {
        SeenQueue.Enqueue(what);
        _recorded.Release();
    }

    public static async Task AcceptAsync(HttpContext context, Func<WebSocket, Task> serve)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await serve(socket);
    }

    /// <summary>Every message back whole, in one frame of its own type (70,000 bytes use the 64-bit length), until the client closes.</summary>
    public static async Task EchoAsync(WebSocket socket)
    {
        while (true)
        {
            var (type, message) = await ReceiveAsync(socket);
            if (type == WebSocketMessageType.Close)
            {
                Record($"closed {(int?)socket.CloseStatus} {socket.CloseStatusDescription}");
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return;
            }
            Record(type == WebSocketMessageType.Text
                ? $"text {Encoding.UTF8.GetString(message)}"
                : $"binary {message.Length} {Convert.ToHexString(System.Security.Cryptography.MD5.HashData(message))}");
            await socket.SendAsync(message, type, endOfMessage: true, CancellationToken.None);
        }
    }

    /// <summary>
    /// A text message in three fragments, an empty binary message, then — once the client says "ack" — a close with
    /// code 4000 "bye"; records the code the client's closing frame echoed.
    /// </summary>
    public static async Task ScriptedAsync(WebSocket socket)
    {
        await socket.SendAsync("frag-"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync("ment-"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await socket.SendAsync("ed"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        var (_, answer) = await ReceiveAsync(socket);
        Record($"text {Encoding.UTF8.GetString(answer)}");
        await socket.CloseAsync((WebSocketCloseStatus)4000, "bye", CancellationToken.None);
        Record($"close answered {(int?)socket.CloseStatus}");
    }

    private static async Task<(WebSocketMessageType Type, byte[] Message)> ReceiveAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close) return (result.MessageType, message.ToArray());
        }
    }
}
