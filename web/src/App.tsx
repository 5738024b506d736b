import { lazy, Suspense } from 'react';
import { Button, Result } from 'antd';
import { Link, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AppLayout } from './components/AppLayout';
import { PageSpinner } from './components/PageSpinner';
import { RequireAuth } from './components/RequireAuth';
import { isAdmin, isDesk, isOfficer } from './lib/roles';
import { HomePage } from './portal/HomePage';
import { ProcedurePage } from './portal/ProcedurePage';
import { LookupPage } from './portal/LookupPage';
import { VerifyPage } from './portal/VerifyPage';
import { LoginPage } from './portal/LoginPage';
import { RegisterPage } from './portal/RegisterPage';
import { MyDossiersPage } from './portal/MyDossiersPage';

// Heavy screens (e-form renderer, admin tables, dossier detail) load on demand.
const ApplyPage = lazy(() => import('./portal/ApplyPage'));
const DocumentStorePage = lazy(() => import('./portal/DocumentStorePage'));
const DossierPage = lazy(() => import('./dossier/DossierPage'));
const InboxPage = lazy(() => import('./desk/InboxPage'));
const ReceptionPage = lazy(() => import('./desk/reception/ReceptionPage'));
const TrackingBookPage = lazy(() => import('./desk/TrackingBookPage'));
const IdentityPage = lazy(() => import('./desk/IdentityPage'));
const AccountPage = lazy(() => import('./portal/AccountPage'));
const AdminPage = lazy(() => import('./admin/AdminPage'));
const ProcedureEditPage = lazy(() => import('./admin/procedures/ProcedureEditPage'));
const WorkflowDesignerPage = lazy(() => import('./workflow/WorkflowDesignerPage'));
const SecurityPage = lazy(() => import('./account/SecurityPage'));

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

/** Route table of the single-page app. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="thu-tuc/:code" element={<ProcedurePage />} />
          <Route
            path="thu-tuc/:code/nop-ho-so"
            element={
              <RequireAuth>
                <ApplyPage />
              </RequireAuth>
            }
          />
          <Route
            path="ho-so/:id"
            element={
              <RequireAuth>
                <DossierPage />
              </RequireAuth>
            }
          />
          <Route
            path="ho-so-cua-toi"
            element={
              <RequireAuth>
                <MyDossiersPage />
              </RequireAuth>
            }
          />
          <Route
            path="kho-giay-to"
            element={
              <RequireAuth>
                <DocumentStorePage />
              </RequireAuth>
            }
          />
          <Route
            path="tai-khoan"
            element={
              <RequireAuth>
                <AccountPage />
              </RequireAuth>
            }
          />
          <Route
            path="tai-khoan/bao-mat"
            element={
              <RequireAuth>
                <SecurityPage />
              </RequireAuth>
            }
          />
          <Route path="tra-cuu" element={<LookupPage />} />
          <Route path="tra-cuu/:code" element={<LookupPage />} />
          <Route path="xac-thuc" element={<VerifyPage />} />
          <Route path="dang-nhap" element={<LoginPage />} />
          <Route path="dang-ky" element={<RegisterPage />} />
          <Route
            path="xu-ly"
            element={
              <RequireAuth allow={isOfficer}>
                <InboxPage />
              </RequireAuth>
            }
          />
          <Route
            path="xu-ly/tiep-nhan"
            element={
              <RequireAuth allow={isDesk}>
                <ReceptionPage />
              </RequireAuth>
            }
          />
          <Route
            path="xu-ly/xac-thuc-dinh-danh"
            element={
              <RequireAuth allow={isDesk}>
                <IdentityPage />
              </RequireAuth>
            }
          />
          <Route
            path="xu-ly/so-theo-doi"
            element={
              <RequireAuth allow={isDesk}>
                <TrackingBookPage />
              </RequireAuth>
            }
          />
          <Route
            path="quan-tri"
            element={
              <RequireAuth allow={isAdmin}>
                <AdminPage />
              </RequireAuth>
            }
          />
          <Route
            path="quan-tri/thu-tuc/moi"
            element={
              <RequireAuth allow={isAdmin}>
                <ProcedureEditPage />
              </RequireAuth>
            }
          />
          <Route
            path="quan-tri/thu-tuc/:code"
            element={
              <RequireAuth allow={isAdmin}>
                <ProcedureEditPage />
              </RequireAuth>
            }
          />
          <Route
            path="quan-tri/quy-trinh/:id"
            element={
              <RequireAuth allow={isAdmin}>
                <WorkflowDesignerPage />
              </RequireAuth>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
