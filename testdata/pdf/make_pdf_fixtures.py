#!/usr/bin/python3
"""Writes testdata/pdf/list.pdf: two pages of fictional Japanese personal data.

ReportLab (Debian python3-reportlab) is an independent PDF writer. Japanese text uses the
standard CID font HeiseiMin-W3 (Adobe-Japan1, UniJIS-UCS2-H, not embedded), the way
Japanese office software writes many PDFs; text extraction then needs poppler-data's CMaps.
Run from the repository root: /usr/bin/python3 testdata/pdf/make_pdf_fixtures.py
"""
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
c = canvas.Canvas("testdata/pdf/list.pdf", pagesize=A4, invariant=1)
c.setFont("Helvetica", 12)
c.drawString(72, 800, "Kiso nenkin bango 1234-567890")
c.setFont("HeiseiMin-W3", 12)
c.drawString(72, 780, "氏名 山田太郎 生年月日 昭和50年4月1日")
c.showPage()
c.setFont("HeiseiMin-W3", 12)
c.drawString(72, 800, "住所 東京都千代田区千代田1-1")
c.setFont("Helvetica", 12)
c.drawString(72, 780, "Tel 03-1234-5678")
c.showPage()
c.save()
