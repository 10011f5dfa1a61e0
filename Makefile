# Build one self-contained `mark` (the Swift standard library linked in, so the machine it runs
# on needs no Swift toolchain) and install it with the shipped rules:
#
#   make install PREFIX=/opt/mark      # → /opt/mark/bin/mark, /opt/mark/share/mark/rules/
#
# `mark` finds PREFIX/share/mark/rules beside its executable when there is no ./Rules and no
# $MARK_RULES (docs/import.md, "Installing at a centre").
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: build install uninstall
build:
	$(SWIFT) build -c release --static-swift-stdlib --product mark

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/mark/rules"
	install -m 755 "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/mark" "$(DESTDIR)$(PREFIX)/bin/mark"
	install -m 644 Rules/*.rules "$(DESTDIR)$(PREFIX)/share/mark/rules/"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/mark"
	rm -rf "$(DESTDIR)$(PREFIX)/share/mark"
