"""The official tables as HTML: the spec's grouped header cells, the published rows, formatted amounts.

Every text cell goes through ``escape_text``; amounts are formatted from Decimals, never copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.model.dictionaries import Dictionaries
from macros.model.publication import TOTAL_KEY, Publication, Row, Table
from macros.model.translations import english_or_pending
from macros.reading.sources import CsvRecord
from macros.rendering import i18n
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import chinese_number_value, label, table_amount
from macros.template.specs import TableSpec


@dataclass(frozen=True)
class DisplayColumn:
    """A printed column: its header path and the data columns it shows (two when a code is bracketed);
    with split codes, ``part`` is the slice of the code one level's column prints (201|03|01)."""

    header: tuple[str, ...]
    sources: tuple[str, ...]
    kind: str  # "code", "code_part", "name" (the row's header cell), "amount" or "text"
    part: tuple[int, int] | None = None

    @property
    def is_amount(self) -> bool:
        return self.kind == "amount"


def display_columns(spec: TableSpec, *, lang: str, code_digits: tuple[int, ...] = ()) -> list[DisplayColumn]:
    """The columns as printed: unprinted columns (row types, Table 11's codes) left out, [code]name merged,
    or a split code as one column per level of its classification (``code_digits``: 3, 5, 7)."""
    columns = []
    for column in spec.columns:
        header = column.header_en if lang == "en" else column.header_zh
        if spec.code_display == "split" and column.type in ("function_code", "economic_code"):
            columns += code_parts(spec, column.id, lang=lang, code_digits=code_digits)
            continue
        if not header:
            continue
        if spec.code_display == "bracketed" and column.type in ("function_code", "economic_code"):
            continue  # shown inside the name column, as [201]一般公共服务支出
        sources: tuple[str, ...] = (column.id,)
        if spec.code_display == "bracketed" and column.type == "name" and spec.code_column is not None:
            sources = (spec.code_column.id, column.id)
        kind = {"function_code": "code", "economic_code": "code", "name": "name", "label": "name", "amount": "amount"}
        columns.append(DisplayColumn(header=header, sources=sources, kind=kind.get(column.type, "text")))
    # Only the first label of a line heads it (Table 1's expenditure items are ordinary cells).
    first_name = next((index for index, column in enumerate(columns) if column.kind == "name"), None)
    return [
        DisplayColumn(column.header, column.sources, "text")
        if column.kind == "name" and index != first_name
        else column
        for index, column in enumerate(columns)
    ]


def code_parts(spec: TableSpec, column_id: str, *, lang: str, code_digits: tuple[int, ...]) -> list[DisplayColumn]:
    """A split code's columns: each level prints its own digits (code_digits 3, 5, 7: 201 | 03 | 01)."""
    headers = spec.code_headers_en if lang == "en" else spec.code_headers_zh
    starts = (0, *code_digits)
    return [
        DisplayColumn(header=header, sources=(column_id,), kind="code_part", part=(start, end))
        for header, start, end in zip(headers, starts, code_digits, strict=False)
    ]


def header_rows(columns: list[DisplayColumn]) -> list[list[tuple[str, int, int, int]]]:
    """Header cells (text, colspan, rowspan, first column) per header row.

    Equal neighbours merge into one cell (colspan); a shorter path spans the rows below (rowspan).
    """
    depth = max(len(column.header) for column in columns)
    rows: list[list[tuple[str, int, int, int]]] = []
    for level in range(depth):
        cells: list[tuple[str, int, int, int]] = []
        index = 0
        while index < len(columns):
            path = columns[index].header
            if len(path) <= level:
                index += 1
                continue
            span = 1
            while (
                index + span < len(columns)
                and len(columns[index + span].header) > level
                and columns[index + span].header[: level + 1] == path[: level + 1]
                and (len(path) > level + 1) == (len(columns[index + span].header) > level + 1)
            ):
                span += 1
            rowspan = depth - level if len(path) == level + 1 else 1
            cells.append((path[level], span, rowspan, index))
            index += span
        rows.append(cells)
    return rows


def row_styles(table: Table, publication: Publication) -> dict[int, str]:
    """CSS classes per CSV line: totals, subtotals and the indentation level of the hierarchy."""
    spec = table.spec
    styles: dict[int, str] = {}
    keys_by_line: dict[int, list[str]] = {}
    for row in table.rows:
        keys_by_line.setdefault(row.line, []).append(row.key)
    if spec.layout == "classified":
        codes = [row.key for row in table.rows if row.key != TOTAL_KEY]
        for row in table.rows:
            if row.key == TOTAL_KEY:
                styles[row.line] = "row-total"
                continue
            level = level_of(row.key, spec, publication)
            has_children = any(code != row.key and code.startswith(row.key) for code in codes)
            styles[row.line] = f"level-{level}" + (" row-subtotal" if has_children else "")
    elif spec.layout == "record":
        pass  # one line of amounts: nothing to set apart
    elif spec.layout == "units":
        for row in table.rows:
            styles[row.line] = {"total": "row-total", "unit": "level-1 row-subtotal"}.get(row.key, "level-2")
    else:
        totals = {item.total_key for item in spec.row_totals}
        parents = {part: item.total_key for item in spec.row_totals for part in item.part_keys}
        for line, keys in keys_by_line.items():
            if any(key in totals for key in keys):
                styles[line] = "row-total" if spec.layout == "two_sided" else "row-subtotal"
            if spec.layout == "fixed":
                depth = 0
                key = keys[0]
                while key in parents and parents[key] != key and depth < 5:
                    key, depth = parents[key], depth + 1
                styles[line] = (styles.get(line, "") + f" level-{depth}").strip()
    return styles


def printed_columns(table: Table, *, publication: Publication, lang: str) -> list[DisplayColumn]:
    """The table's printed columns; a split code takes its levels from its classification's digits."""
    spec = table.spec
    digits = publication_digits(spec, publication) if spec.code_display == "split" else ()
    return display_columns(spec, lang=lang, code_digits=digits)


def spanned_lines(table: Table) -> set[int]:
    """Lines whose 合计 label spans the code and name cells: the total lines of a split-code table."""
    if table.spec.code_display != "split":
        return set()
    return {row.line for row in table.rows if row.key == TOTAL_KEY}


def publication_digits(spec: TableSpec, publication: Publication) -> tuple[int, ...]:
    code_column = spec.code_column
    assert code_column is not None
    dictionary = publication.dictionaries
    return (dictionary.function_codes if code_column.type == "function_code" else dictionary.economic_codes).digits


def level_of(code: str, spec: TableSpec, publication: Publication) -> int:
    return publication_digits(spec, publication).index(len(code)) + 1


def cell_value(
    table: Table, record: CsvRecord, column: DisplayColumn, *, publication: Publication, lang: str
) -> str | Decimal | None:
    """What a printed cell shows, unformatted: an amount (None when blank) or plain text."""
    values = [record.cells[table.header.index(source)].strip() for source in column.sources]
    if column.is_amount:
        return Decimal(values[0]) if values[0] else None
    if column.part is not None:
        start, end = column.part
        return values[0][start:end] if len(values[0]) >= end else ""
    if lang == "en" and column.kind != "code":
        values[-1] = english_text(table, record, column.sources[-1], publication=publication) if values[-1] else ""
    if len(values) == 2:  # [code]name
        code, name = values
        return (f"[{code}] " if lang == "en" else f"[{code}]") + name if code else name
    return values[0]


def cell_text(table: Table, record: CsvRecord, column: DisplayColumn, *, publication: Publication, lang: str) -> str:
    value = cell_value(table, record, column, publication=publication, lang=lang)
    if value is None:
        return ""
    return table_amount(value, table.spec.precision) if isinstance(value, Decimal) else escape_text(value)


def english_text(table: Table, record: CsvRecord, column_id: str, *, publication: Publication) -> str:
    """The English of a text cell: the data's own English column, a dictionary name, the unit list or
    the template's label. The validator has made sure that each of them exists, or, for a unit's name and
    the data's own English columns, that it is pending: then the Chinese, marked (model/translations.py)."""
    spec = table.spec
    column = spec.column(column_id)
    cells = dict(zip(table.header, record.cells, strict=True))
    row = next(row for row in table.rows if row.line == record.line and column_id in row.texts)
    dictionaries = publication.dictionaries
    if column.type == "label":
        side = next((side for side in spec.sides if side.label_column == column_id), None)
        fixed = next((fixed for fixed in side.rows if fixed.key == row.key), None) if side is not None else None
        if fixed is not None and (fixed.label_en or not side or not side.code_column):
            return fixed.label_en or class_label_en(fixed.label, dictionaries.function_codes.codes[row.key].name_en)
        if fixed is not None and side is not None:  # a line printed with its code: the code's name
            code_type = spec.column(side.code_column).type
            codes = dictionaries.function_codes if code_type == "function_code" else dictionaries.economic_codes
            return codes.codes[row.key].name_en
        return class_line_en(table, row, column_id, dictionaries=dictionaries)
    if row.key == TOTAL_KEY:
        return label("total_row", lang="en")
    if spec.layout == "units" and row.key == "unit":
        unit = next(unit for unit in dictionaries.units.values() if unit.name_zh == cells["name"])
        return english_or_pending(unit.name_en, unit.name_zh)
    if column.english:
        return english_or_pending(cells[column.english], cells[column_id])
    if spec.layout == "units":
        return dictionaries.economic_codes.codes[cells["economic_code"]].name_en
    code_column = spec.code_column
    assert code_column is not None
    classification = dictionaries.function_codes if code_column.type == "function_code" else dictionaries.economic_codes
    return classification.codes[cells[code_column.id]].name_en


def class_line_en(table: Table, row: Row, column_id: str, *, dictionaries: Dictionaries) -> str:
    """A class line's English: its position among the side's class lines and the dictionary's name."""
    side = next(side for side in table.spec.sides if side.label_column == column_id)
    assert side.class_lines is not None
    codes = [each.key for each in table.rows if column_id in each.texts and each.key not in side.keys]
    classification = (
        dictionaries.function_codes if side.class_lines.code_type == "function_code" else dictionaries.economic_codes
    )
    name = classification.codes[row.key].name_en
    return side.class_lines.label_en_of(codes.index(row.key) + 1, code=row.key, name=name)


def class_label_en(label_zh: str, name_en: str) -> str:
    """一、一般公共服务支出 -> 1. General public services (the number kept, the name from the dictionary)."""
    ordinal = label_zh.split("、", 1)[0]
    return f"{chinese_number_value(ordinal)}. {name_en}"


def sticky_class(column: DisplayColumn) -> str:
    """Code and name columns stay in view while the amounts scroll sideways (a split code's columns
    scroll: the name stays)."""
    return {"code": "col-code", "code_part": "col-code-part", "name": "col-name", "amount": "num"}.get(
        column.kind, "text"
    )


# Material's search skips elements with this attribute. Amounts, header rows and rows of zeros are
# kept out of the index: nobody searches for "8,274.50", and at a hundred units a year they made the
# index so large that the first query waited seconds for it to load. Names, codes and prose stay in.
SEARCH_EXCLUDE = "data-search-exclude"


def body_cell(column: DisplayColumn, content: str, *, colspan: int = 1) -> str:
    if column.kind == "name":
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        return f'<th scope="row" class="col-name"{span}>{content}</th>'
    skip = f" {SEARCH_EXCLUDE}" if column.is_amount else ""
    return f'<td class="{sticky_class(column)}"{skip}>{content}</td>'


def all_zero(table: Table, record: CsvRecord, columns: list[DisplayColumn]) -> bool:
    """A row whose amounts are all zero or blank (the many 0.00 rows of a small unit)."""
    amounts = [record.cells[table.header.index(column.sources[0])].strip() for column in columns if column.is_amount]
    return bool(amounts) and not any(amount and Decimal(amount) for amount in amounts)


def header_cell(text: str, colspan: int, rowspan: int, first: int, columns: list[DisplayColumn]) -> str:
    covered = columns[first : first + colspan]
    if colspan == 1:
        classes = sticky_class(covered[0])
    else:
        classes = "col-group-first" if first == 0 and covered[0].kind in ("code", "code_part", "name") else "col-group"
    return (
        f'<th scope="{"colgroup" if colspan > 1 else "col"}" class="{classes}"'
        + (f' colspan="{colspan}"' if colspan > 1 else "")
        + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
        + f">{escape_text(text)}</th>"
    )


def render_table(table: Table, *, publication: Publication, lang: str) -> str:
    spec = table.spec
    number = int(spec.id)
    anchor = f"table-{number}"
    title = spec.title_en if lang == "en" else spec.title_zh
    caption = f"{label('table_label', lang=lang, number=number)} {escape_text(title)}"
    unit_name = escape_text(publication.unit_name(lang=lang))
    amount_unit = escape_text(i18n.amount_unit(publication.unit_of(spec), lang=lang))
    columns = printed_columns(table, publication=publication, lang=lang)
    styles = row_styles(table, publication)
    spanned = spanned_lines(table)
    has_code = " has-code" if columns[0].kind == "code" else ""
    parts = [
        '<figure class="budget-table">',  # the heading above carries the anchor
        f'<p class="budget-table__meta" {SEARCH_EXCLUDE}><span>{table_meta(publication, unit_name, lang=lang)}</span>'
        f"<span>{label('amount_unit', lang=lang, unit=amount_unit)}</span></p>",
        f'<div class="budget-table__scroll" role="region" aria-labelledby="{anchor}-caption" tabindex="0">',
        f'<table class="budget-table__table budget-table--{spec.layout}{has_code}">',
        f'<caption id="{anchor}-caption" {SEARCH_EXCLUDE}><a class="budget-table__anchor" href="#{anchor}">{caption}</a></caption>',
        f"<thead {SEARCH_EXCLUDE}>",
    ]
    for cells in header_rows(columns):
        parts.append("<tr>" + "".join(header_cell(*cell, columns) for cell in cells) + "</tr>")
    parts.append("</thead>")
    parts.append("<tbody>")
    code_parts_count = sum(column.kind == "code_part" for column in columns)
    for record in table.records:
        if record.line in spanned:  # the 合计 label spans the code's columns and the name's
            row_cells = "".join(
                body_cell(
                    column,
                    cell_text(table, record, column, publication=publication, lang=lang),
                    colspan=code_parts_count + 1 if column.kind == "name" else 1,
                )
                for column in columns
                if column.kind != "code_part"
            )
        else:
            row_cells = "".join(
                body_cell(column, cell_text(table, record, column, publication=publication, lang=lang))
                for column in columns
            )
        style = f' class="{styles[record.line]}"' if styles.get(record.line) else ""
        skip = f" {SEARCH_EXCLUDE}" if all_zero(table, record, columns) else ""
        parts.append(f"<tr{style}{skip}>{row_cells}</tr>")
    parts.append("</tbody>")
    parts.append("</table>")
    parts.append("</div>")
    note = publication.table_note(spec.id, lang=lang)
    if note:
        parts.append(f'<p class="budget-table__note">{label("note", lang=lang, note=escape_text(note))}</p>')
    parts.append("</figure>")
    return "\n".join(parts)


def table_meta(publication: Publication, unit_name: str, *, lang: str) -> str:
    """The line above a table, as the template prints it (单位名称：…, 编制部门：…); unit_name is escaped."""
    pattern = publication.template.table_meta_en if lang == "en" else publication.template.table_meta_zh
    return unit_name.join(escape_text(piece) for piece in pattern.split("{unit}"))
