using LuatHost.Modem;
using System.Text;
using BenchmarkDotNet.Attributes;
using LuatHost.At;
using LuatHost.Transport;

namespace LuatHost.Bench.Micro;

/// <summary>
/// The engine's line framing and URC routing: a 100-line burst of URCs and <c>+MSUB</c> counted payloads written to
/// the device end of an in-memory duplex, timed until the router has delivered every line. (The frame reader is
/// internal, so it is measured through the public engine, as a user would see it.)
/// </summary>
[MemoryDiagnoser]
public class LineFramingBenchmarks
{
    private const int LinesPerBurst = 100;
    private byte[] _burst = [];
    private Stream _device = Stream.Null;
    private AtEngine? _engine;
    private int _delivered;
    private TaskCompletionSource _allDelivered = new();

    [GlobalSetup]
    public void Setup()
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        _device = device;
        _engine = new AtEngine(host, Air724Dialect.Table);
        _engine.Urcs.AnyUrc += _ =>
        {
            if (Interlocked.Increment(ref _delivered) == LinesPerBurst)
            {
                _allDelivered.TrySetResult();
            }
        };
        var text = new StringBuilder();
        for (var i = 0; i < LinesPerBurst; i++)
        {
            text.Append(i % 2 == 0 ? "\r\nPUBACK\r\n" : "\r\n+MSUB: \"/a1mxL3s6Z7m/866714043075174/user/get\",12 byte,hello\r\nworld\r\n");
        }
        _burst = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark]
    public async Task FrameAndRouteBurstOf100Lines()
    {
        _delivered = 0;
        _allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _device.WriteAsync(_burst);
        await _allDelivered.Task;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _engine!.DisposeAsync();
        await _device.DisposeAsync();
    }
}
