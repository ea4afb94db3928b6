using System.Text;
using LuatHost.Modem;
using LuatHost.Transport;

namespace LuatHost.At.Tests;

/// <summary>
/// The engine knows no command by name: a family described only by table entries (here the multi-link TCP family of
/// openLuat's AT manual — CIPSEND with a '&gt;' prompt and <c>0, SEND OK</c>, the <c>+RECEIVE,0,n:</c> counted payload
/// and the <c>0, CLOSED</c> URC) works end to end without engine code.
/// </summary>
public sealed class DialectTableTests
{
    private static readonly AtDialect SocketFamily = new AtDialectBuilder("socket-test")
        .Urc("+RECEIVE,")
        .Urc("<n>, CLOSED", line => line.Length > 3 && char.IsAsciiDigit(line[0]) && line.EndsWith(", CLOSED", StringComparison.Ordinal))
        .PayloadOnNextLine("+RECEIVE,", header => header.EndsWith(':') && int.TryParse(header[(header.LastIndexOf(',') + 1)..^1], out var n) ? n : null)
        .Command(new AtCommandRule("AT+CIPSEND")
        {
            Forms = AtCommandForm.Set,
            Completion = AtCompletion.Matching(l => l.EndsWith(", SEND OK", StringComparison.Ordinal), l => l.EndsWith(", SEND FAIL", StringComparison.Ordinal)),
        })
        .Build();

    [Fact]
    public async Task A_family_added_as_table_entries_sends_receives_and_sees_its_link_close()
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        await using var module = new ScriptedModule(device);
        await using var engine = new AtEngine(host, SocketFamily);
        var received = new TaskCompletionSource<AtLine>();
        var closed = new TaskCompletionSource<string>();
        engine.Urcs.Register("+RECEIVE,", line => received.TrySetResult(line));
        engine.Urcs.Register(line => line.EndsWith(", CLOSED", StringComparison.Ordinal), line => closed.TrySetResult(line.Text));
        module.On("AT+CIPSEND=0,5", async x =>
        {
            await x.SendAsync("\r\n> ");
            var data = await x.ReadPayloadAsync(5);
            await x.SendAsync($"\r\n0, SEND OK\r\n\r\n+RECEIVE,0,7:\r\nOK\r\nab!\r\n\r\n0, CLOSED\r\n");
            Assert.Equal("hello", Encoding.ASCII.GetString(data));
        });

        var send = engine.Dialect.Command("AT+CIPSEND=0,5") with { Prompt = AtPrompt.GreaterThan("hello"u8.ToArray()) };
        var response = await engine.ExecuteAsync(send).Guarded();

        Assert.True(response.IsOk);
        Assert.Equal("0, SEND OK", response.Final);
        Assert.Equal("OK\r\nab!", Encoding.ASCII.GetString((await received.Task.Guarded()).Payload.Span));
        Assert.Equal("0, CLOSED", await closed.Task.Guarded());
    }

    [Fact]
    public void The_generic_dialect_knows_no_URC_and_no_command()
    {
        var command = AtDialect.Generic.Command("AT+CIFSR");

        Assert.Empty(AtDialect.Generic.UrcPrefixes);
        Assert.Same(AtCompletion.Standard, command.Completion);
        Assert.False(AtDialect.Generic.IsBootMarker("RDY"));
    }

    [Fact]
    public async Task An_Air724_refuses_an_engine_opened_with_another_dialect()
    {
        await using var engine = new AtEngine(new MemoryStream(), AtDialect.Generic);

        var error = Assert.Throws<ArgumentException>(() => new Air724(engine));

        Assert.Contains("Air724Dialect.Table", error.Message);
    }
}
