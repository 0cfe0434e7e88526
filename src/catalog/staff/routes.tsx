import { Hono } from 'hono';
import { requireStaff } from '../../auth/middleware.ts';
import type { AppEnv } from '../../web/env.ts';
import { attributeRoutes } from './attribute-routes.tsx';
import { categoryRoutes } from './category-routes.tsx';
import { customFieldRoutes } from './custom-field-routes.tsx';
import { productStaffRoutes } from './product-routes.tsx';
import { variantRoutes } from './variant-routes.tsx';

/**
 * Staff catalog management at /staff/catalog (CAT-1 categories, CAT-2 product card, CAT-4
 * variants, attribute definitions, custom fields). Catalog managers (and owners/admins) only.
 */
export const catalogStaffRoutes = new Hono<AppEnv>();
catalogStaffRoutes.use('*', requireStaff('catalog.manage'));
catalogStaffRoutes.get('/', (c) => c.redirect('/staff/catalog/products', 302));
catalogStaffRoutes.route('/categories', categoryRoutes);
catalogStaffRoutes.route('/attributes', attributeRoutes);
catalogStaffRoutes.route('/custom-fields', customFieldRoutes);
catalogStaffRoutes.route('/products', productStaffRoutes);
catalogStaffRoutes.route('/products', variantRoutes);
