"""`soap-adapter check-mappings --wsdl WSDL --mappings DIR [--openapi URL_OR_FILE]`: a folder of
mapping modules (hand-written here; scaffolded in the corpus test) checked against any contract
and the REST side's OpenAPI document, as a command: exit 0 fits, 1 does not, 2 cannot check."""

from __future__ import annotations

import json
import pathlib
import subprocess

from tests.edge.test_mapping_check_xsd import SCHEMA
from tests.system import BIN
from tests.wsdl_diff._variants import mini_wsdl

CODECS = """from soap_adapter.mapping import Codec

INT = Codec("int", int, int, xsd="int")
AMOUNT = Codec("amount", str, str, xsd="decimal")
"""

MAPPING = """from soap_adapter.mapping import Field, Group, Operation, Request

from ._codecs import AMOUNT, INT

MAPPING = Operation(
    name="Op",
    request=Request(
        "POST", "/v1/things/{{id}}",
        params=(Field("Id", "id", INT),),
        body=(Field("Email", "email"),),
    ),
    result=Group("", "", (
        Field("@version", "version", INT),
        Field("Total/$", "total.amount", AMOUNT),
        Field("Total/@currency", "{currency}"),
    )),
)
"""

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "things", "version": "1"},
    "paths": {
        "/v1/things/{id}": {
            "post": {
                "parameters": [{"name": "id", "in": "path", "required": True}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"email": {}}}
                        }
                    }
                },
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "version": {"type": "integer"},
                                        "total": {
                                            "type": "object",
                                            "properties": {"amount": {}, "currency": {}},
                                        },
                                    },
                                }
                            }
                        }
                    }
                },
            }
        }
    },
}


def folder(tmp_path: pathlib.Path, currency: str = "total.currency") -> pathlib.Path:
    (tmp_path / "c.wsdl").write_text(mini_wsdl(SCHEMA))
    (tmp_path / "openapi.json").write_text(json.dumps(OPENAPI))
    mappings = tmp_path / "mappings"
    mappings.mkdir(exist_ok=True)
    (mappings / "_codecs.py").write_text(CODECS)
    (mappings / "op.py").write_text(MAPPING.format(currency=currency))
    return mappings


def check(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "soap-adapter"), "check-mappings", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )


def test_a_fitting_folder_passes_against_the_wsdl_and_the_openapi(tmp_path: pathlib.Path) -> None:
    mappings = folder(tmp_path)
    done = check(
        tmp_path, "--wsdl", "c.wsdl", "--mappings", str(mappings), "--openapi", "openapi.json"
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "fits c.wsdl and openapi.json" in done.stdout


def test_a_misfit_is_named_and_exits_1(tmp_path: pathlib.Path) -> None:
    mappings = folder(tmp_path, currency="total.code")
    done = check(
        tmp_path, "--wsdl", "c.wsdl", "--mappings", str(mappings), "--openapi", "openapi.json"
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "mappings (Op): POST /v1/things/{id} response.total.code: "
        "no such field in the REST core's OpenAPI"
    ]


def test_what_cannot_be_checked_exits_2_with_one_line(tmp_path: pathlib.Path) -> None:
    mappings = folder(tmp_path)
    no_wsdl = check(tmp_path, "--mappings", str(mappings))
    assert no_wsdl.returncode == 2 and "--mappings DIR needs --wsdl WSDL" in no_wsdl.stderr
    (tmp_path / "broken.json").write_text("{")
    bad = check(
        tmp_path, "--wsdl", "c.wsdl", "--mappings", str(mappings), "--openapi", "broken.json"
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "broken.json: cannot read the OpenAPI document" in bad.stderr
    missing = check(tmp_path, "--wsdl", "c.wsdl", "--mappings", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "not a folder of mapping modules" in missing.stderr


def test_an_unreachable_schema_is_read_through_the_catalog(tmp_path: pathlib.Path) -> None:
    """--catalog FILE, as on every command that reads a contract: the WSDL's schema lives at an
    address nothing answers, the catalog names a local copy."""
    mappings = folder(tmp_path)
    unreachable = "http://127.0.0.1:9/schemas/things.xsd"  # the discard port: refused at once
    (tmp_path / "things.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" '
        f'xmlns:tns="urn:t" elementFormDefault="qualified">{SCHEMA}</xs:schema>'
    )
    (tmp_path / "remote.wsdl").write_text(
        mini_wsdl(f'<xs:import namespace="urn:t" schemaLocation="{unreachable}"/>').replace(
            '<xs:schema targetNamespace="urn:t"', '<xs:schema targetNamespace="urn:other"'
        )
    )
    (tmp_path / "things-catalog.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        f'<uri name="{unreachable}" uri="things.xsd"/></catalog>'
    )
    args = ("--wsdl", "remote.wsdl", "--mappings", str(mappings), "--openapi", "openapi.json")
    without = check(tmp_path, *args)
    assert without.returncode == 2 and unreachable in without.stderr
    done = check(tmp_path, *args, "--catalog", "things-catalog.xml")
    assert (done.returncode, done.stderr) == (0, "")
