namespace LuatHost.At.Tests;

/// <summary>AT+WISN, the writable SN both misc faces read and write through <see cref="Modem.Identity"/>.</summary>
public sealed class IdentityDialectTests
{
    [Theory]
    [InlineData("\r\nc85d8dd8d28fbf527b2a4a36a67b7541\r\n\r\nOK\r\n", "c85d8dd8d28fbf527b2a4a36a67b7541")]
    [InlineData("\r\n+WISN: \"SN-1\"\r\n\r\nOK\r\n", "SN-1")]
    [InlineData("\r\n*CME ERROR: Missing SN\r\n\r\nOK\r\n", "")]
    public async Task Sn_read_gives_the_stored_sn_or_empty_when_the_module_has_none(string answer, string expected)
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+WISN?", answer);

        Assert.Equal(expected, await h.Modem.Identity.GetSnAsync().Guarded());
    }

    [Fact]
    public async Task Sn_write_reads_back_and_keeps_the_sn_out_of_the_trace()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+WISN=\"c85d8dd8d28fbf527b2a4a36a67b7541\"", "\r\nOK\r\n");
        h.Module.On("AT+WISN?", "\r\nc85d8dd8d28fbf527b2a4a36a67b7541\r\n\r\nOK\r\n");

        var stored = await h.Modem.Identity.SetSnAsync("c85d8dd8d28fbf527b2a4a36a67b7541").Guarded();

        Assert.True(stored);
        Assert.DoesNotContain("c85d8dd8d28fbf527b2a4a36a67b7541", h.Engine.Redactor.Redact("AT+WISN=\"c85d8dd8d28fbf527b2a4a36a67b7541\""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sn_with_a_quote_is_refused_before_anything_is_sent()
    {
        await using var h = new EngineHarness();

        await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Identity.SetSnAsync("a\"b")).Guarded();

        Assert.Empty(h.Module.Commands);
    }

    [Fact]
    public async Task Identity_read_announces_imei_sn_and_model_in_that_order_with_their_ready_messages()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CGSN", "\r\n866714043075174\r\n\r\nOK\r\n");
        h.Module.On("AT+WISN?", "\r\nSN-1\r\n\r\nOK\r\n");
        h.Module.On("AT+CGMM", "\r\n+CGMM: \"Air724UG\"\r\n\r\nOK\r\n");
        var found = new List<string>();

        await new Modem.ModuleIdentityRead(h.Modem.Identity).RunAsync(v => found.Add($"{v.Field}={v.Text}")).Guarded();

        Assert.Equal(["Imei=866714043075174", "Sn=SN-1", "Model=Air724UG"], found);
    }

    [Theory]
    [InlineData("\r\n*CME ERROR: Missing SN\r\n\r\nOK\r\n")]
    [InlineData("\r\nERROR\r\n")]
    public async Task Identity_read_without_a_stored_sn_announces_the_fallback_or_none(string snAnswer)
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CGSN", "\r\n866714043075174\r\n\r\nOK\r\n");
        h.Module.On("AT+WISN?", snAnswer);
        h.Module.On("AT+CGMM", "\r\nAir724UG\r\n\r\nOK\r\n");
        var withFallback = new List<string>();
        var without = new List<string>();

        await new Modem.ModuleIdentityRead(h.Modem.Identity) { FallbackSn = () => "FROM-FILE" }.RunAsync(v => withFallback.Add(v.Field + "=" + v.Text)).Guarded();
        await new Modem.ModuleIdentityRead(h.Modem.Identity).RunAsync(v => without.Add(v.Field.ToString())).Guarded();

        Assert.Contains("Sn=FROM-FILE", withFallback);
        Assert.Equal(["Imei", "Model"], without);
    }
}
