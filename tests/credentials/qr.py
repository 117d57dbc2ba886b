"""Check that a served QR PNG encodes a given URL, without a QR decoder (no zbar here): render the
expected URL's module matrix with qrcode and compare it, module by module, with the served image."""
import io

import qrcode
from PIL import Image


def module_matrix(png_bytes, modules, box_size=None):
    image = Image.open(io.BytesIO(png_bytes)).convert("L")
    width, height = image.size
    assert width == height, "a QR code is square"
    box = box_size or width // modules
    assert box * modules == width, f"image of {width}px is not {modules} modules of {box}px"
    return [[image.getpixel((x * box + box // 2, y * box + box // 2)) < 128 for x in range(modules)]
            for y in range(modules)]


def assert_qr_encodes(png_bytes, url, border=4):
    """The PNG's modules equal those of the QR code for `url` (error correction M, as the app renders)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    qr.add_data(url)
    qr.make(fit=True)
    expected = qr.get_matrix()  # includes the quiet zone
    served = module_matrix(png_bytes, len(expected))
    assert served == expected, f"the QR code does not encode {url}"
    other = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    other.add_data(url + "x")
    other.make(fit=True)
    assert other.get_matrix() != expected  # the comparison tells URLs apart
