"""Decoding HTML bytes: UTF-8, GBK/GB18030 and Big5, declared, lying or undeclared."""

from dayuan.text.decode import decode, decode_html


def test_decode_follows_the_declared_charset():
    assert decode_html("<meta charset=gbk><p>忻州</p>".encode("gbk")).endswith("<p>忻州</p>")
    assert decode_html("<p>臺灣</p>".encode("big5"), "text/html; charset=big5") == "<p>臺灣</p>"


def test_decode_sees_through_a_lying_meta_charset():
    utf8_page = '<meta charset="gb2312"><p>太原市迎泽区</p>'.encode()
    assert "太原市迎泽区" in decode_html(utf8_page)
    gbk_page = '<meta charset="utf-8"><p>太原市迎泽区人民政府发布通知</p>'.encode("gbk")
    assert "太原市迎泽区人民政府发布通知" in decode_html(gbk_page, "text/html; charset=utf-8")


def test_decode_detects_an_undeclared_gbk_page():
    text = "<p>忻州市委书记代表表示，忻州坚持全球视野与忻州特色相结合，突出先进制造业定位。</p>" * 3
    assert decode_html(text.encode("gb18030")) == text


def test_a_gbk_page_with_a_few_stray_bytes_stays_gbk():
    text = "<meta charset=gbk><p>" + "忻州市委书记代表表示，忻州坚持全球视野与忻州特色相结合。" * 40 + "</p>"
    data = text.encode("gbk")
    data = data[:301] + b"\xff" + data[301:]  # at a character boundary
    decoded = decode_html(data)
    assert decoded.count("\ufffd") == 1
    assert decoded.endswith("忻州坚持全球视野与忻州特色相结合。</p>")


def test_a_byte_order_mark_wins_and_str_passes_through():
    assert decode_html("\ufeff<p>太原</p>".encode("utf-8")) == "<p>太原</p>"
    assert decode_html("<p>太原</p>") == "<p>太原</p>"
    assert decode_html(b"") == ""


def test_a_declared_codec_that_is_not_a_text_encoding_is_ignored():
    # Found by atheris (bench/fuzz.py --target charset): 'uu' raised LookupError.
    for name in ("uu", "base64", "zlib", "rot13"):
        text, codec = decode("\u592a\u539f \xff\xfe".encode("gb18030") + b"\x81", f"text/html; charset={name}")
        assert isinstance(text, str) and codec not in ("uu", "base64", "zlib")
