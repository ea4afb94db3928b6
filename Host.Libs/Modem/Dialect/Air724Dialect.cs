using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The Air724UG AT dialect as one table the generic engine is given: every URC, boot marker, counted-payload header,
/// command completion rule, long timeout and secret shape of this firmware, one file per command family
/// (<see cref="BasicDialect"/>, <see cref="PacketDataDialect"/>, <see cref="MqttDialect"/>, <see cref="HttpDialect"/>).
/// <para>To add a command family: write <c>XxxDialect.AddTo(AtDialectBuilder)</c> with its entries next to these, add one
/// line to <see cref="Build"/>, and the typed methods in the family's own file (<c>Xxx.cs</c>). The engine is not touched.</para>
/// <para>Immutable and shared: it holds no module state (that lives in each <see cref="Air724"/>).</para>
/// </summary>
public static class Air724Dialect
{
    public static AtDialect Table { get; } = Build();

    private static AtDialect Build()
    {
        var table = new AtDialectBuilder("Air724");
        BasicDialect.AddTo(table);
        PacketDataDialect.AddTo(table);
        MqttDialect.AddTo(table);
        HttpDialect.AddTo(table);
        SocketDialect.AddTo(table);
        SmsDialect.AddTo(table);
        CallDialect.AddTo(table);
        return table.Build();
    }
}
