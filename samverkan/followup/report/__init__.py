"""The annual report (underlag) of a partnership for a year: data, renderers, issuing.

`data.build_report(partnership, year, user)` reads the register into a `Report` (plain
dataclasses, no model instances): everything the renderers need, already masked for the reader.
The renderers (`html`, `pdf`, `docx`, `xlsx`) turn a `Report` into one format each; `charts`
draws its SVG charts; `issue` freezes a report with the hashes of its files.
"""
