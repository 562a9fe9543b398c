package dev.loupe.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Bulk pixel access for 8-bit RGB images. {@link BufferedImage#getRGB} converts one pixel at a time through
 * the colour model, which cost more than decoding the JPEG; an {@code INT_RGB} image already holds packed
 * pixels that can be read in place.
 */
final class Pixels {

    private Pixels() {
    }

    /**
     * The packed {@code 0xRRGGBB} pixels of an image, row-major. For a plain {@code TYPE_INT_RGB} image this
     * is its own buffer (callers must not write to it); anything else is converted.
     */
    static int[] argb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && raster.getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == w
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && buffer.getData().length == w * h) {
            return buffer.getData();
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    /** A {@code TYPE_INT_RGB} image holding a copy of {@code pixels}. */
    static BufferedImage image(int[] pixels, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, target, 0, pixels.length);
        return image;
    }
}
