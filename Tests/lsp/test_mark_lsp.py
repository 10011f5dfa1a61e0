"""A scripted editing session against `mark lsp`, driven by an independent client library
(pytest-lsp, on pygls and lsprotocol), which also checks that every reply fits the protocol's
types and the client's capabilities.

Run with Tests/lsp/run.sh (it builds nothing: MARK names the binary, by default
.build/debug/mark). The fixture workspace is Tests/MarkLSPTests/Fixtures/workspace; nothing is
written to it: edits exist only in the client's documents.
"""

import os
import pathlib
import sys

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (python3 -m pip install pytest-lsp)")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKSPACE = ROOT / "Tests" / "MarkLSPTests" / "Fixtures" / "workspace"
MARK = os.environ.get("MARK", str(ROOT / ".build" / "debug" / "mark"))
UNIT = WORKSPACE / "unit.rules"
COMMON = WORKSPACE / "common.rules"
TESTS = WORKSPACE / "unit.tests"

if not pathlib.Path(MARK).exists():
    pytest.skip(f"no mark binary at {MARK} (run swift build, or set MARK)", allow_module_level=True)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[MARK, "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            root_uri=WORKSPACE.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="workspace")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The protocol position (UTF-16 characters) of the first `needle` in `text`."""
    index = text.index(needle)
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line=line, character=len(text[start:index].encode("utf-16-le")) // 2 + offset)


async def opened(client: LanguageClient, path: pathlib.Path, text: str, language: str = "mark-rules", version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id=language, version=version, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[path.as_uri()])


async def changed(client: LanguageClient, path: pathlib.Path, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[path.as_uri()])


def apply(text: str, edit: types.TextEdit) -> str:
    """Applies one edit (ranges in UTF-16 units) to a text."""
    lines = text.split("\n")

    def offset(p: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: p.line])
        units = lines[p.line].encode("utf-16-le")[: p.character * 2].decode("utf-16-le")
        return before + len(units)

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


async def test_typing_a_misspelt_name_then_taking_the_quick_fix(client: LanguageClient):
    good = UNIT.read_text()
    text = good.replace("verified(i)", "verifed(i)")
    diagnostics = await opened(client, UNIT, text)
    assert [d.message for d in diagnostics] == ["unknown function 'verifed'; did you mean 'verified'?"]
    assert diagnostics[0].code == "unknown-function"
    assert diagnostics[0].range.start == position_of(text, "verifed")

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=list(diagnostics)),
        )
    )
    assert [a.title for a in actions] == ["Change to 'verified'"]
    edit = actions[0].edit.changes[UNIT.as_uri()][0]
    fixed = apply(text, edit)
    assert fixed == good
    assert await changed(client, UNIT, fixed, 2) == []


async def test_an_editing_session_keystroke_by_keystroke(client: LanguageClient):
    good = UNIT.read_text()
    await opened(client, UNIT, good)
    # The author types a new definition one character at a time (with a non-ASCII comment
    # before it on the same line); every change is re-checked.
    addition = "define twice = minimum * 2 # “deux” 😀"
    version = 1
    for end in range(1, len("define twice = minimum * 2") + 1):
        version += 1
        diagnostics = await changed(client, UNIT, good + addition[:end] + "\n", version)
        if end == len("define twice = mini"):
            assert any("unknown name 'mini'" in d.message for d in diagnostics)
    version += 1
    diagnostics = await changed(client, UNIT, good + addition + "\n", version)
    # Only the warning that the new definition is unused.
    assert [d.severity for d in diagnostics] == [types.DiagnosticSeverity.Warning]
    assert diagnostics[0].range.start == position_of(good + addition, "twice")
    # A broken line with the emoji before the error: the column counts UTF-16 units.
    broken = good + "define emoji = \"😀\" + nope\n"
    version += 1
    diagnostics = await changed(client, UNIT, broken, version)
    nope = [d for d in diagnostics if "'nope'" in d.message][0]
    assert nope.range.start == position_of(broken, "nope")
    assert nope.range.start.character == len('define emoji = "😀" + '.encode("utf-16-le")) // 2


async def test_hover_definition_references_across_the_import(client: LanguageClient):
    text = UNIT.read_text()
    await opened(client, UNIT, text)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()), position=position_of(text, "observed is met", 2))
    )
    assert "Show the skill on two occasions." in hover.contents.value
    assert "marks 2" in hover.contents.value

    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()), position=position_of(text, "verified(i)", 1))
    )
    assert [d.uri for d in definition] == [COMMON.as_uri()]
    assert definition[0].range.start == position_of(COMMON.read_text(), "verified(i: item)")

    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            position=position_of(text, "verified(i)", 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert sorted(r.uri for r in references) == sorted([COMMON.as_uri(), UNIT.as_uri()])


async def test_completion_symbols_and_formatting(client: LanguageClient):
    text = UNIT.read_text().replace('i.kind = "observation"', "i.verified_by.")
    await opened(client, UNIT, text)
    completion = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            position=position_of(text, "i.verified_by.", len("i.verified_by.")),
        )
    )
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    assert [i.label for i in items] == ["role", "signed"]

    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()))
    )
    assert [s.name for s in symbols] == ["unit", "common.rules", "minimum", "observed", "grading"]

    messy = UNIT.read_text().replace("define minimum = 2", "define   minimum=2")
    await changed(client, UNIT, messy, 2)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1 and apply(messy, edits[0]) == UNIT.read_text()


async def test_a_tests_file_reports_a_failing_case(client: LanguageClient):
    text = TESTS.read_text()
    assert await opened(client, TESTS, text, language="mark-tests") == []
    failing = await changed(client, TESTS, text.replace("expect observed met", "expect observed not met"), 2)
    assert len(failing) == 1 and "observed" in failing[0].message


async def test_unknown_methods_get_method_not_found(client: LanguageClient):
    from pygls.exceptions import JsonRpcMethodNotFound

    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("mark/unknown", {})
