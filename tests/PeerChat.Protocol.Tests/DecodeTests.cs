namespace PeerChat.Protocol.Tests;

public class DecodeTests
{
    // ---- our strict form ----

    [Fact]
    public void Join_in_strict_form_is_decoded()
    {
        Assert.Equal(new Join("Bob", "15", "12345", 1234),
            Bytes.Decode("""{"type":"join","name":"Bob","age":"15","zip":"12345","port":"1234"}"""));
    }

    [Fact]
    public void Join_reply_in_strict_form_is_decoded()
    {
        Assert.Equal(new JoinReply("Kevin", "20", "12345", 1235),
            Bytes.Decode("""{"type":"join-reply","name":"Kevin","age":"20","zip":"12345","port":"1235"}"""));
    }

    [Fact]
    public void Who_in_strict_form_is_decoded_as_the_singleton()
    {
        Assert.Same(Who.Instance, Bytes.Decode("""{"type":"who"}"""));
    }

    [Fact]
    public void Who_reply_in_strict_form_is_decoded()
    {
        var decoded = Assert.IsType<WhoReply>(Bytes.Decode(
            """{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"1234"},{"ip":"2.3.4.5","port":"4567"}]}"""));
        Assert.Equal([new PeerAddress("1.2.3.4", 1234), new PeerAddress("2.3.4.5", 4567)], decoded.Peers);
    }

    [Fact]
    public void Leave_in_strict_form_is_decoded_as_the_singleton()
    {
        Assert.Same(Leave.Instance, Bytes.Decode("""{"type":"leave"}"""));
    }

    [Fact]
    public void Message_in_strict_form_is_decoded()
    {
        Assert.Equal(new ChatMessage("Hello There!"), Bytes.Decode("""{"type":"message","message":"Hello There!"}"""));
    }

    // ---- frames observed from the protocol author's Java peer (shared/fixtures/observed-frames.txt) ----

    [Fact]
    public void Observed_java_join_reply_is_decoded()
    {
        Assert.Equal(new JoinReply("jane", "33", "14623", 48025),
            Bytes.Decode("""{"zip":14623,"port":48025,"name":"jane","type":"join-reply","age":33}"""));
    }

    [Fact]
    public void Observed_java_who_reply_is_decoded()
    {
        var decoded = Assert.IsType<WhoReply>(Bytes.Decode("""{"peers":[{"port":59581,"ip":"127.0.0.1"}],"type":"who-reply"}"""));
        Assert.Equal([new PeerAddress("127.0.0.1", 59581)], decoded.Peers);
    }

    [Fact]
    public void Observed_java_message_is_decoded()
    {
        Assert.Equal(new ChatMessage("hello ✓ from jane"), Bytes.Decode("""{"type":"message","message":"hello ✓ from jane"}"""));
    }

    [Fact]
    public void Observed_java_join_is_decoded()
    {
        Assert.Equal(new Join("kim", "55", "10001", 41239),
            Bytes.Decode("""{"zip":10001,"port":41239,"name":"kim","type":"join","age":55}"""));
    }

    [Fact]
    public void Observed_java_who_is_decoded()
    {
        Assert.Same(Who.Instance, Bytes.Decode("""{"type":"who"}"""));
    }

    [Fact]
    public void Observed_java_leave_is_decoded()
    {
        Assert.Same(Leave.Instance, Bytes.Decode("""{"type":"leave"}"""));
    }

    // ---- structure ----

    [Fact]
    public void Type_may_come_last()
    {
        Assert.Equal(new ChatMessage("hi"), Bytes.Decode("""{"message":"hi","type":"message"}"""));
    }

    [Fact]
    public void Type_may_come_in_the_middle()
    {
        Assert.Equal(new Join("a", "1", "2", 3), Bytes.Decode("""{"name":"a","age":"1","type":"join","zip":"2","port":"3"}"""));
    }

    [Theory]
    [InlineData("Who-reply")]
    [InlineData("WHO-REPLY")]
    [InlineData("wHo-RePlY")]
    public void Type_names_are_compared_ascii_case_insensitively(string type)
    {
        Assert.IsType<WhoReply>(Bytes.Decode($$"""{"type":"{{type}}","peers":[]}"""));
    }

    [Theory]
    [InlineData("JOIN", typeof(Join))]
    [InlineData("Join-Reply", typeof(JoinReply))]
    [InlineData("WHO", typeof(Who))]
    [InlineData("Leave", typeof(Leave))]
    [InlineData("MESSAGE", typeof(ChatMessage))]
    public void Every_type_name_is_case_insensitive(string type, Type expected)
    {
        Assert.IsType(expected, Bytes.Decode($$"""{"type":"{{type}}","message":"m"}"""));
    }

    [Fact]
    public void Escaped_type_value_is_understood()
    {
        Assert.Same(Who.Instance, Bytes.Decode("""{"type":"\u0077\u0068\u006f"}"""));
    }

    [Fact]
    public void Escaped_property_names_are_understood()
    {
        Assert.Equal(new ChatMessage("x"), Bytes.Decode("""{"\u0074ype":"message","m\u0065ssage":"x"}"""));
    }

    [Fact]
    public void Whitespace_around_and_between_tokens_is_accepted()
    {
        Assert.Equal(new ChatMessage("x"), Bytes.Decode(" \t{ \"type\" : \"message\" ,\r\n \"message\" :\t\"x\" } \t\r\n"));
    }

    [Fact]
    public void Leading_byte_order_mark_is_ignored()
    {
        byte[] line = [0xEF, 0xBB, 0xBF, .. Bytes.Of("""{"type":"who"}""")];
        Assert.Same(Who.Instance, Bytes.Decode(line));
    }

    [Fact]
    public void Unknown_properties_and_nested_values_are_skipped()
    {
        const string line = """{"x":{"type":"leave","a":[1,{"b":[[],{}]}]},"type":"message","y":[{"message":"no"}],"message":"yes","z":null,"w":true,"v":-1.5e3}""";
        Assert.Equal(new ChatMessage("yes"), Bytes.Decode(line));
    }

    [Fact]
    public void Duplicate_type_key_last_one_wins()
    {
        Assert.Same(Leave.Instance, Bytes.Decode("""{"type":"who","type":"leave"}"""));
    }

    [Fact]
    public void Duplicate_field_key_last_one_wins()
    {
        Assert.Equal(new ChatMessage("second"), Bytes.Decode("""{"type":"message","message":"first","message":"second"}"""));
    }

    [Fact]
    public void Duplicate_field_whose_last_value_is_invalid_falls_back_to_the_default()
    {
        Assert.Equal(new Join(PeerDefaults.Name, "1", "2", null),
            Bytes.Decode("""{"type":"join","name":"ok","name":5,"age":1,"zip":2,"port":3,"port":"x"}"""));
    }

    [Fact]
    public void Who_ignores_extra_fields()
    {
        Assert.Same(Who.Instance, Bytes.Decode("""{"type":"who","peers":5,"message":7,"name":"x","extra":{"a":[1]}}"""));
    }

    [Fact]
    public void Leave_ignores_extra_fields()
    {
        Assert.Same(Leave.Instance, Bytes.Decode("""{"reason":"bye","type":"leave","message":null}"""));
    }

    // ---- numbers ----

    [Fact]
    public void Numbers_are_accepted_as_json_numbers()
    {
        Assert.Equal(new Join("n", "15", "12345", 1234), Bytes.Decode("""{"type":"join","name":"n","age":15,"zip":12345,"port":1234}"""));
    }

    [Fact]
    public void Numbers_are_accepted_as_strings()
    {
        Assert.Equal(new Join("n", "15", "12345", 1234), Bytes.Decode("""{"type":"join","name":"n","age":"15","zip":"12345","port":"1234"}"""));
    }

    [Theory]
    [InlineData("\"15\"")]
    [InlineData("\" 15 \"")]
    [InlineData("\"015\"")]
    [InlineData("\"\\t15\\n\"")]
    [InlineData("\"\\u0031\\u0035\"")]
    [InlineData("15")]
    [InlineData("15.0")]
    [InlineData("15.000")]
    [InlineData("1.5e1")]
    [InlineData("1.5E+1")]
    [InlineData("150e-1")]
    public void Age_written_as_a_non_negative_integer_becomes_canonical_decimal_text(string age)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","age":{{age}}}"""));
        Assert.Equal("15", join.Age);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("\"0\"", "0")]
    [InlineData("\"000\"", "0")]
    [InlineData("-0", "0")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("\"0009223372036854775807\"", "9223372036854775807")]
    public void Age_edge_values_are_kept(string age, string expected)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","age":{{age}}}"""));
        Assert.Equal(expected, join.Age);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"-1\"")]
    [InlineData("\"+15\"")]
    [InlineData("15.5")]
    [InlineData("\"15.0\"")]
    [InlineData("\"1 5\"")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"fifteen\"")]
    [InlineData("\"0x0F\"")]
    [InlineData("\"１５\"")] // full-width digits are not ASCII digits
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{\"age\":15}")]
    [InlineData("[15]")]
    [InlineData("1e400")]
    [InlineData("9223372036854775808")]
    [InlineData("\"99999999999999999999999999\"")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("\"\\uD800\"")]
    public void Invalid_age_becomes_the_default(string age)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","name":"n","age":{{age}},"zip":"1","port":"1"}"""));
        Assert.Equal(PeerDefaults.Age, join.Age);
        Assert.Equal("n", join.Name);
    }

    [Fact]
    public void Missing_age_becomes_the_default()
    {
        Assert.Equal(PeerDefaults.Age, Assert.IsType<Join>(Bytes.Decode("""{"type":"join"}""")).Age);
    }

    [Theory]
    [InlineData("\"12345\"", "12345")]
    [InlineData("\"01234\"", "01234")]
    [InlineData("\"00000\"", "00000")]
    [InlineData("\" 14623 \"", "14623")]
    [InlineData("\"0\"", "0")]
    [InlineData("\"1234567890\"", "1234567890")]
    [InlineData("14623", "14623")]
    [InlineData("0", "0")]
    [InlineData("14623.0", "14623")]
    [InlineData("9999999999", "9999999999")]
    public void Valid_zip_is_kept(string zip, string expected)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","zip":{{zip}}}"""));
        Assert.Equal(expected, join.Zip);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("\"12345678901\"")]
    [InlineData("\"1234-5678\"")]
    [InlineData("\"ABCDE\"")]
    [InlineData("\"-12345\"")]
    [InlineData("-12345")]
    [InlineData("123.5")]
    [InlineData("10000000000")]
    [InlineData("1e400")]
    [InlineData("null")]
    [InlineData("false")]
    [InlineData("[12345]")]
    [InlineData("{}")]
    public void Invalid_zip_becomes_the_default(string zip)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","zip":{{zip}}}"""));
        Assert.Equal(PeerDefaults.Zip, join.Zip);
    }

    [Fact]
    public void Missing_zip_becomes_the_default()
    {
        Assert.Equal(PeerDefaults.Zip, Assert.IsType<Join>(Bytes.Decode("""{"type":"join"}""")).Zip);
    }

    [Theory]
    [InlineData("\"1\"", 1)]
    [InlineData("\"65535\"", 65535)]
    [InlineData("\" 1234 \"", 1234)]
    [InlineData("\"01234\"", 1234)]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    [InlineData("5001", 5001)]
    [InlineData("5001.0", 5001)]
    public void Valid_port_is_kept(string port, int expected)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","port":{{port}}}"""));
        Assert.Equal(expected, join.Port);
    }

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("0")]
    [InlineData("\"65536\"")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("\"-1\"")]
    [InlineData("1234.5")]
    [InlineData("\"1234.0\"")]
    [InlineData("\"\"")]
    [InlineData("\"port\"")]
    [InlineData("\"12 34\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[1234]")]
    [InlineData("{\"port\":1234}")]
    [InlineData("1e400")]
    [InlineData("99999999999999999999999999999")]
    public void Invalid_port_becomes_null(string port)
    {
        var join = Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","name":"n","port":{{port}}}"""));
        Assert.Null(join.Port);
        Assert.Equal("n", join.Name);
    }

    [Fact]
    public void Missing_port_becomes_null()
    {
        Assert.Null(Assert.IsType<JoinReply>(Bytes.Decode("""{"type":"join-reply"}""")).Port);
    }

    // ---- name ----

    [Theory]
    [InlineData("\"Bob\"", "Bob")]
    [InlineData("\" Bob \"", " Bob ")]
    [InlineData("\"日本 😀\"", "日本 😀")]
    [InlineData("\"a\\\"b\\\\c\"", "a\"b\\c")]
    [InlineData("\"x\\ny\"", "x\ny")]
    [InlineData("\"0\"", "0")]
    public void Name_is_kept_verbatim(string name, string expected)
    {
        Assert.Equal(expected, Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","name":{{name}}}""")).Name);
    }

    [Fact]
    public void Long_name_is_not_truncated()
    {
        string name = new('n', 100_000);
        Assert.Equal(name, Assert.IsType<Join>(Bytes.Decode($$"""{"type":"join","name":"{{name}}"}""")).Name);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\t\\r\\n \"")]
    [InlineData("\"\\u00a0\\u2003\"")] // Unicode whitespace only
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("[\"Bob\"]")]
    [InlineData("{\"name\":\"Bob\"}")]
    public void Invalid_name_becomes_the_default(string name)
    {
        var reply = Assert.IsType<JoinReply>(Bytes.Decode($$"""{"type":"join-reply","name":{{name}},"age":"3"}"""));
        Assert.Equal(PeerDefaults.Name, reply.Name);
        Assert.Equal("3", reply.Age);
    }

    [Fact]
    public void Join_with_no_fields_gets_all_defaults()
    {
        Assert.Equal(new Join(PeerDefaults.Name, PeerDefaults.Age, PeerDefaults.Zip, null), Bytes.Decode("""{"type":"join"}"""));
    }

    [Fact]
    public void Join_reply_with_all_fields_invalid_gets_all_defaults()
    {
        Assert.Equal(new JoinReply(PeerDefaults.Name, PeerDefaults.Age, PeerDefaults.Zip, null),
            Bytes.Decode("""{"type":"join-reply","name":"","age":"old","zip":"none","port":"none"}"""));
    }

    // ---- message ----

    [Fact]
    public void Empty_message_text_is_a_valid_message()
    {
        Assert.Equal(new ChatMessage(""), Bytes.Decode("""{"type":"message","message":""}"""));
    }

    [Fact]
    public void Whitespace_message_text_is_kept()
    {
        Assert.Equal(new ChatMessage("  "), Bytes.Decode("""{"type":"message","message":"  "}"""));
    }

    [Theory]
    [InlineData("""{"type":"message"}""")]
    [InlineData("""{"type":"message","message":null}""")]
    [InlineData("""{"type":"message","message":42}""")]
    [InlineData("""{"type":"message","message":true}""")]
    [InlineData("""{"type":"message","message":["hi"]}""")]
    [InlineData("""{"type":"message","message":{"text":"hi"}}""")]
    [InlineData("""{"type":"message","message":"hi","message":null}""")]
    public void Message_without_string_text_is_ignored(string line)
    {
        Assert.Null(Bytes.Decode(line));
    }

    [Fact]
    public void Message_escapes_are_decoded()
    {
        Assert.Equal(new ChatMessage("q\"b\\s/n\nt\tr\rbs\bff\fé😀\u0000"),
            Bytes.Decode("""{"type":"message","message":"q\"b\\s\/n\nt\tr\rbs\bff\f\u00e9\ud83d\ude00\u0000"}"""));
    }

    [Fact]
    public void Escaped_lone_surrogate_in_text_becomes_the_replacement_character()
    {
        Assert.Equal(new ChatMessage("a\uFFFDb\uFFFD\n😀"),
            Bytes.Decode("""{"type":"message","message":"a\uD800b\udc00\n\uD83D\uDE00"}"""));
    }

    [Fact]
    public void Escaped_lone_surrogate_in_name_becomes_the_replacement_character()
    {
        Assert.Equal("x\uFFFD", Assert.IsType<Join>(Bytes.Decode("""{"type":"join","name":"x\uDBFF"}""")).Name);
    }

    [Fact]
    public void Raw_non_ascii_text_is_decoded()
    {
        Assert.Equal(new ChatMessage("日本語 ✓ 😀 é"), Bytes.Decode("""{"type":"message","message":"日本語 ✓ 😀 é"}"""));
    }

    // ---- who-reply ----

    [Fact]
    public void Who_reply_without_peers_has_an_empty_list()
    {
        Assert.Empty(Assert.IsType<WhoReply>(Bytes.Decode("""{"type":"who-reply"}""")).Peers);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("5")]
    [InlineData("\"1.2.3.4:5\"")]
    [InlineData("{\"ip\":\"1.2.3.4\",\"port\":\"5\"}")]
    [InlineData("true")]
    public void Who_reply_whose_peers_is_not_an_array_has_an_empty_list(string peers)
    {
        Assert.Empty(Assert.IsType<WhoReply>(Bytes.Decode($$"""{"type":"who-reply","peers":{{peers}}}""")).Peers);
    }

    [Fact]
    public void Who_reply_with_an_empty_array_has_an_empty_list()
    {
        Assert.Empty(Assert.IsType<WhoReply>(Bytes.Decode("""{"type":"who-reply","peers":[]}""")).Peers);
    }

    [Theory]
    [InlineData("""{"ip":"1.2.3.4"}""")]
    [InlineData("""{"port":"1234"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"ip":"1.2.3.4","port":"0"}""")]
    [InlineData("""{"ip":"1.2.3.4","port":"65536"}""")]
    [InlineData("""{"ip":"1.2.3.4","port":"x"}""")]
    [InlineData("""{"ip":"1.2.3.4","port":-5}""")]
    [InlineData("""{"ip":"1.2.3.4","port":null}""")]
    [InlineData("""{"ip":"2,3,4,5","port":"4567"}""")] // the spec's own sample
    [InlineData("""{"ip":"1.2.3.4:80","port":"4567"}""")]
    [InlineData("""{"ip":"host.example","port":"4567"}""")]
    [InlineData("""{"ip":"","port":"4567"}""")]
    [InlineData("""{"ip":"999.1.1.1","port":"4567"}""")]
    [InlineData("""{"ip":"１.２.３.４","port":"4567"}""")]
    [InlineData("""{"ip":16909060,"port":"4567"}""")]
    [InlineData("""{"ip":null,"port":"4567"}""")]
    [InlineData("""{"ip":["1.2.3.4"],"port":"4567"}""")]
    [InlineData("""{"ip":"1.2.3.4\uD800","port":"4567"}""")]
    [InlineData("\"1.2.3.4:4567\"")]
    [InlineData("""["1.2.3.4","4567"]""")]
    [InlineData("""null""")]
    [InlineData("""4567""")]
    public void Malformed_who_reply_entry_is_dropped_and_the_rest_kept(string entry)
    {
        var reply = Assert.IsType<WhoReply>(Bytes.Decode(
            $$"""{"type":"who-reply","peers":[{"ip":"10.0.0.1","port":"1"},{{entry}},{"ip":"10.0.0.2","port":2}]}"""));
        Assert.Equal([new PeerAddress("10.0.0.1", 1), new PeerAddress("10.0.0.2", 2)], reply.Peers);
    }

    [Theory]
    [InlineData("::ffff:1.2.3.4", "1.2.3.4")]
    [InlineData("::FFFF:127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:7f00:1", "127.0.0.1")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData(" 1.2.3.4 ", "1.2.3.4")]
    [InlineData("01.02.03.004", "1.2.3.4")]
    [InlineData("::1", "::1")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("\\u0031.2.3.4", "1.2.3.4")]
    public void Who_reply_ip_is_normalised(string ip, string expected)
    {
        var reply = Assert.IsType<WhoReply>(Bytes.Decode($$"""{"type":"who-reply","peers":[{"ip":"{{ip}}","port":"80"}]}"""));
        Assert.Equal([new PeerAddress(expected, 80)], reply.Peers);
    }

    [Fact]
    public void Who_reply_entry_fields_may_come_in_any_order_with_extra_fields()
    {
        var reply = Assert.IsType<WhoReply>(Bytes.Decode(
            """{"type":"who-reply","peers":[{"name":"x","port":" 99 ","nested":{"ip":"9.9.9.9"},"ip":"::ffff:5.6.7.8"}]}"""));
        Assert.Equal([new PeerAddress("5.6.7.8", 99)], reply.Peers);
    }

    [Fact]
    public void Who_reply_entry_duplicate_keys_last_one_wins()
    {
        var reply = Assert.IsType<WhoReply>(Bytes.Decode(
            """{"type":"who-reply","peers":[{"ip":"1.1.1.1","port":"1","ip":"2.2.2.2","port":2}]}"""));
        Assert.Equal([new PeerAddress("2.2.2.2", 2)], reply.Peers);
    }

    [Fact]
    public void Who_reply_keeps_duplicate_entries_in_order()
    {
        var reply = Assert.IsType<WhoReply>(Bytes.Decode(
            """{"type":"who-reply","peers":[{"ip":"1.1.1.1","port":"1"},{"ip":"1.1.1.1","port":"1"},{"ip":"::1","port":"3"}]}"""));
        Assert.Equal([new PeerAddress("1.1.1.1", 1), new PeerAddress("1.1.1.1", 1), new PeerAddress("::1", 3)], reply.Peers);
    }

    [Fact]
    public void Decoded_who_replies_with_equal_entries_are_equal()
    {
        const string line = """{"type":"who-reply","peers":[{"ip":"1.2.3.4","port":"5"}]}""";
        Assert.Equal(Bytes.Decode(line), Bytes.Decode(line));
    }
}
