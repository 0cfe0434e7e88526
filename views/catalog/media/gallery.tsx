import type { MediaMessages } from '../../../src/catalog/media-messages.ts';
import type { ProductImage } from '../../../src/catalog/media.ts';
import { imageSlots, imageSrcset, imageUrl, slotFor } from '../../../src/catalog/media-files.ts';

/** Main image width in the product page layout (see the product-page block in app.css). */
export const MAIN_IMAGE_SIZES = '(min-width: 1100px) 480px, (min-width: 760px) 42vw, calc(100vw - 2rem)';

const heightFor = (img: ProductImage, width: number) => (img.width && img.height ? Math.round((width * img.height) / img.width) : width);

/** A small image for lists (variant chips, recommendations): the browser picks 160 or 320 by pixel density. */
export function Thumb(p: { image: ProductImage | undefined; size: number; alt?: string }) {
  if (!p.image) return <span class="thumb thumb--empty" aria-hidden="true" />;
  return (
    <img
      class="thumb"
      src={imageUrl(p.image, slotFor(p.image, p.size))}
      srcset={imageSrcset(p.image)}
      sizes={`${p.size}px`}
      width={p.size}
      height={heightFor(p.image, p.size)}
      alt={p.alt ?? ''}
      loading="lazy"
      decoding="async"
    />
  );
}

/**
 * Product gallery without script: every image is a figure with an id; the thumbnails link to
 * those ids and CSS shows the :target figure (the first one when none is targeted). The main
 * image links to its largest rendition.
 */
export function Gallery(p: { t: MediaMessages; images: ProductImage[]; name: string }) {
  const { t, images } = p;
  if (!images.length) {
    return (
      <div class="gallery gallery--empty" data-testid="gallery">
        <div class="gallery__placeholder" role="img" aria-label={t.noImage}>
          {p.name.slice(0, 1)}
        </div>
      </div>
    );
  }
  return (
    <section class="gallery" aria-label={t.gallery} data-testid="gallery">
      <div class="gallery__slides">
        {images.map((img, i) => {
          const largest = imageSlots(img.width).at(-1)!.slot;
          return (
            <figure class="gallery__slide" id={`image-${i + 1}`}>
              <a href={imageUrl(img, largest)}>
                <img
                  src={imageUrl(img, slotFor(img, 640))}
                  srcset={imageSrcset(img)}
                  sizes={MAIN_IMAGE_SIZES}
                  width={img.width ?? 640}
                  height={img.height ?? 640}
                  alt={img.alt || p.name}
                  loading={i === 0 ? 'eager' : 'lazy'}
                  fetchpriority={i === 0 ? 'high' : undefined}
                  decoding="async"
                />
              </a>
            </figure>
          );
        })}
      </div>
      {images.length > 1 ? (
        <ul class="gallery__thumbs">
          {images.map((img, i) => (
            <li>
              <a href={`#image-${i + 1}`} aria-label={t.showImage(i + 1)}>
                <Thumb image={img} size={64} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
