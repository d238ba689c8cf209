from homeagent.domain.redact import redact


def test_redacts_sip_and_http_credentials() -> None:
    msg = (
        "REGISTER sip:x SIP/2.0\r\n"
        'Authorization: Digest username="agent", response="0123abcd", nonce="n"\r\n'
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"
    )
    out = redact(msg)
    assert "0123abcd" not in out and "WVNfX19z" not in out
    assert "Authorization: <redacted>" in out
    assert "Bearer <redacted>" in redact("Authorization-ish Bearer abc.def-ghi")
    assert "s3cr3t" not in redact('{"password": "s3cr3t", "refresh_token": "s3cr3t"}')
    assert "s3cr3t" not in redact("connect password=s3cr3t now")


def test_literal_secrets_are_removed_too() -> None:
    assert redact("oops the pw is Tr0ub4dor", ("Tr0ub4dor",)) == "oops the pw is <redacted>"
    assert redact("abc", ("",)) == "abc"


def test_customer_numbers_and_names_are_masked() -> None:
    line = '[DISCONNECTED] To: "Camille Martin" <sip:+33698765432@127.0.0.1>;tag=4'
    out = redact(line)
    assert "98765432" not in out and "Camille" not in out
    assert out == '[DISCONNECTED] To: "<name>" <sip:<number>@127.0.0.1>;tag=4'
    assert redact("tel:0123456789") == "tel:<number>"
    assert redact("sip:1234@pbx") == "sip:1234@pbx"  # short extensions help support
