using LuatHost.Modem;
using System.Text;
using LuatHost.At;
using LuatHost.Reliability.Tests.Support;
using LuatHost.Transport;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>
/// R1's exactness half: with no garbage on the line, URCs and counted <c>+MSUB</c> payloads (CR, LF, quotes and
/// commas inside) injected between any two response lines, in chunks split at random points, must reach the router
/// byte for byte while each command still gets exactly its own data lines.
/// </summary>
public sealed class InterleavedUrcTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Urcs_and_counted_payloads_injected_between_response_lines_arrive_intact_and_never_mix_with_answers()
    {
        var seed = SoakSettings.FuzzSeed;
        var random = new Random(seed);
        var (host, device) = InMemoryDuplex.CreatePair();
        await using var engine = new AtEngine(host, Air724Dialect.Table);
        await using var inbox = new DeviceInbox(device);
        var received = new List<(string Topic, byte[] Payload)>();
        engine.Urcs.Register("+MSUB:", line => received.Add((line.Text, line.Payload.ToArray())));
        var sent = new List<(string Topic, byte[] Payload)>();

        for (var round = 0; round < 2_000; round++)
        {
            var command = new AtCommand($"AT+FZQ{round}?");
            var execution = engine.ExecuteAsync(command);
            Assert.True(await inbox.TakeCommandAsync(command.Text, execution).WaitAsync(HangGuard), $"seed {seed} round {round}: command never arrived");
            var expected = new List<string>();
            var wire = new List<byte>();
            for (var line = random.Next(0, 4); line >= 0; line--)
            {
                InjectMessages(random, wire, sent, round);
                var data = $"+FZQ{round}: {line},\"a,b\"";
                expected.Add(data);
                wire.AddRange(Encoding.UTF8.GetBytes("\r\n" + data + "\r\n"));
            }
            InjectMessages(random, wire, sent, round);
            wire.AddRange("\r\nOK\r\n"u8);
            WriteInRandomChunks(random, device, wire);

            var response = await execution.WaitAsync(HangGuard);
            Assert.True(response.IsOk, $"seed {seed} round {round}: {response.Final}");
            Assert.Equal(expected, response.Lines.Select(l => l.Text));
        }

        Assert.Equal(sent.Count, received.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Topic, received[i].Topic);
            Assert.Equal(sent[i].Payload, received[i].Payload);
        }
    }

    private static void InjectMessages(Random random, List<byte> wire, List<(string, byte[])> sent, int round)
    {
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            var payload = new byte[random.Next(0, 60)];
            for (var b = 0; b < payload.Length; b++)
            {
                payload[b] = "xy\r\n\",>9 {}"u8[random.Next(11)];
            }
            var header = $"+MSUB: \"/pk/dn/user/get{round}\",{payload.Length} byte,";
            wire.AddRange(Encoding.UTF8.GetBytes("\r\n" + header));
            wire.AddRange(payload);
            wire.AddRange("\r\n"u8);
            // An empty payload line frames as its header only; the router sees the same text either way.
            sent.Add((header, payload));
        }
    }

    private static void WriteInRandomChunks(Random random, Stream device, List<byte> wire)
    {
        var bytes = wire.ToArray().AsSpan();
        while (!bytes.IsEmpty)
        {
            var chunk = Math.Min(bytes.Length, random.Next(1, 33));
            device.Write(bytes[..chunk]);
            bytes = bytes[chunk..];
        }
    }
}
