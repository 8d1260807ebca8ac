package pages

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"rsc.io/qr"
)

// qrQuietZone is the blank margin, in modules, that QR readers need around
// the code (ISO/IEC 18004 asks for four).
const qrQuietZone = 4

// QRCodeSVG renders text as a QR code in SVG: one path of black runs on a
// white square, crisp at any size and a few kilobytes for a URL. Level M
// corrects 15 % damage, plenty for a screen. The QR-login page and the
// contact ways' qr_code images share it.
func QRCodeSVG(text string) ([]byte, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code: %w", err)
	}
	n := code.Size + 2*qrQuietZone
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := range code.Size {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < code.Size && code.Black(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+qrQuietZone, y+qrQuietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}

// ServeQRCode answers with the QR code of text as an SVG image, not cached:
// the images of the QR login, the contact ways and the corps' join links.
// px > 0 gives the image that width and height in pixels.
func ServeQRCode(w http.ResponseWriter, text string, px int) {
	svg, err := QRCodeSVG(text)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if px > 0 {
		size := strconv.Itoa(px)
		_, _ = io.WriteString(w, `<svg width="`+size+`" height="`+size+`" `)
		svg = bytes.TrimPrefix(svg, []byte("<svg "))
	}
	_, _ = w.Write(svg)
}
