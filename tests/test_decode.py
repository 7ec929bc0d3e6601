import codecs

import pytest

from ingest.decode import DecodeError, declared_charset, decode, normalize


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_the_encoding(bom: bytes, codec: str) -> None:
    decoded = decode(bom + "Grüße aus Köln".encode(codec))
    assert decoded.text == "Grüße aus Köln"
    assert decoded.encoding == codec
    assert decoded.confidence == 1.0


def test_utf8_without_bom() -> None:
    decoded = decode("naïve café".encode())
    assert (decoded.text, decoded.encoding) == ("naïve café", "utf-8")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_declared_charset_is_respected() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“Quoted” – dash</body></html>'.encode("cp1252")
    decoded = decode(page)
    assert "“Quoted” – dash" in decoded.text
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    ("label", "codec"),
    [("iso-8859-1", "cp1252"), ("latin1", "cp1252"), ("GB2312", "gb18030"), ("shift_jis", "shift_jis")],
)
def test_declared_labels_map_to_what_browsers_use(label: str, codec: str) -> None:
    assert declared_charset(f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'.encode()) == codec


def test_xml_declaration_names_a_charset() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-15"?><html/>') == "iso8859-15"


def test_unknown_declared_label_is_ignored() -> None:
    assert declared_charset(b'<meta charset="no-such-charset">') is None


def test_chardet_is_the_fallback_for_undeclared_legacy_text() -> None:
    text = "Der Bürgermeister begrüßte die Gäste im Rathaus und sprach über die Straßenbahn. " * 5
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert 0 < decoded.confidence <= 1


def test_invisible_characters_become_what_they_mean() -> None:
    assert normalize("a\u00a0b\u200bc\u00add\r\ne\rf\u2028g\x07h") == "a bcd\ne\nf\ngh"


def test_text_is_nfc() -> None:
    assert normalize("Cafe\u0301") == "Café"


def test_shift_jis_page_declared_in_meta() -> None:
    page = '<html><head><meta charset="Shift_JIS"></head><body><p>東京で会議が開かれた。</p></body></html>'
    assert "東京で会議が開かれた。" in decode(page.encode("shift_jis")).text


def test_gb18030_page_declared_as_gb2312() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>北京举行会议。𠀀</p></body></html>'
    assert "北京举行会议。𠀀" in decode(page.encode("gb18030")).text


def test_gzip_compressed_documents_are_read() -> None:
    import gzip

    assert decode(gzip.compress("<html><body>Grüße</body></html>".encode())).text == "<html><body>Grüße</body></html>"


def test_damaged_gzip_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="damaged gzip"):
        decode(b"\x1f\x8b\x08\x00garbage")
