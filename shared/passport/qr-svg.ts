import QRCode from 'qrcode';

/** The QR code of a passport URL as SVG, for print: error correction M, a quiet zone of 4 modules. */
export const passportQrSvg = (url: string): Promise<string> => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
