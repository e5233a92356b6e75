<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>ArchiveDialog</name>
    <message>
        <location filename="../../views/archive_dialog.py" line="127"/>
        <source>Kho lưu trữ</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="128"/>
        <source>Tệp kho lưu trữ: %1</source>
        <translation>Archive file: %1</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="130"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="130"/>
        <location filename="../../views/archive_dialog.py" line="140"/>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="130"/>
        <source>Đơn vị được tính / tệp</source>
        <translation>Units counted / files</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="130"/>
        <source>Lưu lúc</source>
        <translation>Stored at</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="132"/>
        <source>&amp;Xóa kỳ đã chọn…</source>
        <translation>&amp;Remove selected period…</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="133"/>
        <source>Xuất &amp;kỳ đã chọn…</source>
        <translation>Export selected &amp;period…</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="134"/>
        <source>Xuất &amp;tất cả…</source>
        <translation>Export &amp;all…</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="135"/>
        <source>&amp;Cộng dồn kỳ:</source>
        <translation>&amp;Roll up period:</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="136"/>
        <source>Cộng dồn và ghi tệp tổng hợp…</source>
        <translation>Roll up and write the workbook…</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="137"/>
        <source>Diễn biến của một đơn vị</source>
        <translation>One unit&apos;s history</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="138"/>
        <source>Đơn &amp;vị:</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="139"/>
        <source>Chỉ &amp;tiêu:</source>
        <translation>&amp;Indicator:</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="140"/>
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="140"/>
        <source>Tệp nguồn</source>
        <translation>Source file</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="141"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="151"/>
        <source>Chưa lưu kỳ nào vào kho lưu trữ.</source>
        <translation>No period has been stored in the archive yet.</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="230"/>
        <source>Xóa kỳ %1 (%2 báo cáo) khỏi kho lưu trữ? Các tệp báo cáo gốc không bị xóa.</source>
        <translation>Remove period %1 (%2 reports) from the archive? The original report files are not deleted.</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="232"/>
        <source>Xóa kỳ</source>
        <translation>Remove period</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="244"/>
        <source>Không xóa được</source>
        <translation>Could not remove</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="253"/>
        <source>Xuất số liệu kho lưu trữ</source>
        <translation>Export archived figures</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="255"/>
        <source>Sổ làm việc Excel (*.xlsx);;Tệp CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="281"/>
        <source>Đã xuất: %1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="285"/>
        <source>Không xuất được</source>
        <translation>Could not export</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="294"/>
        <source>Ghi tệp tổng hợp cộng dồn</source>
        <translation>Write the rolled-up workbook</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="296"/>
        <source>Sổ làm việc Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="329"/>
        <source>Đã ghi %1: %2 đơn vị đủ kỳ; %3 đơn vị thiếu kỳ (không đưa vào tổng).</source>
        <translation>Written %1: %2 units complete; %3 units missing a period (left out of the total).</translation>
    </message>
    <message>
        <location filename="../../views/archive_dialog.py" line="337"/>
        <source>Không cộng dồn được</source>
        <translation>Could not roll up</translation>
    </message>
</context>
<context>
    <name>ConsolidationPreviewPanel</name>
    <message>
        <location filename="../../views/preview_panel.py" line="82"/>
        <source>Số liệu tổng hợp</source>
        <translation>Consolidated figures</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="100"/>
        <source>Chưa có số liệu để tổng hợp: hãy thêm các tệp báo cáo của đơn vị.</source>
        <translation>Nothing to consolidate yet: add the units&apos; report files.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/preview_panel.py" line="103"/>
        <source>&lt;b&gt;Tổng hợp %1 — %2&lt;/b&gt;: %n đơn vị được tính. Xuất Excel (Ctrl+E) để ghi tệp tổng hợp.</source>
        <translation>
            <numerusform>&lt;b&gt;Consolidation %1 — %2&lt;/b&gt;: %n unit counted. Export to Excel (Ctrl+E) to write the consolidated workbook.</numerusform>
            <numerusform>&lt;b&gt;Consolidation %1 — %2&lt;/b&gt;: %n units counted. Export to Excel (Ctrl+E) to write the consolidated workbook.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="107"/>
        <source>các đơn vị</source>
        <translation>the units</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="108"/>
        <source>chưa rõ kỳ</source>
        <translation>period unknown</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../views/duplicates_dialog.py" line="69"/>
        <source>Chọn tệp được tính khi trùng</source>
        <translation>Choose which duplicate file counts</translation>
    </message>
    <message>
        <location filename="../../views/duplicates_dialog.py" line="72"/>
        <source>Các đơn vị dưới đây gửi nhiều tệp cho cùng một kỳ. Chọn tệp được tính vào tổng hợp; các tệp còn lại bị loại và lựa chọn được ghi vào tệp tổng hợp. Mặc định là tệp mới hơn.</source>
        <translation>The units below sent more than one file for the same period. Choose the file that counts in the consolidation; the others are left out and the choice is written into the consolidated workbook. By default the newer file counts.</translation>
    </message>
    <message>
        <location filename="../../views/duplicates_dialog.py" line="82"/>
        <source>sửa lúc %1</source>
        <translation>modified %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/duplicates_dialog.py" line="83"/>
        <source>%n lỗi</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/duplicates_dialog.py" line="84"/>
        <source>%n cảnh báo</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/duplicates_dialog.py" line="90"/>
        <source>Dùng các tệp đã chọn</source>
        <translation>Use the chosen files</translation>
    </message>
    <message>
        <location filename="../../views/duplicates_dialog.py" line="91"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <location filename="../../views/files_panel.py" line="37"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="38"/>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="41"/>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="42"/>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="39"/>
        <source>Lỗi</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="40"/>
        <source>Cảnh báo</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="43"/>
        <source>Tổng hợp</source>
        <translation>Counted</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="44"/>
        <source>Biểu mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="67"/>
        <source>Có (dù có lỗi)</source>
        <translation>Yes (despite errors)</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="67"/>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="68"/>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>FilesPanel</name>
    <message>
        <location filename="../../views/files_panel.py" line="223"/>
        <source>Có (dù có lỗi)</source>
        <translation>Yes (despite errors)</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="223"/>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="233"/>
        <source>&lt;b&gt;Tệp báo cáo&lt;/b&gt;</source>
        <translation>&lt;b&gt;Report files&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="234"/>
        <source>Lọc theo tên tệp hoặc đơn vị…</source>
        <translation>Filter by file or unit name…</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="235"/>
        <source>Lọc danh sách tệp</source>
        <translation>Filter the file list</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="237"/>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="238"/>
        <source>Có lỗi</source>
        <translation>With errors</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="239"/>
        <source>Có cảnh báo</source>
        <translation>With warnings</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="240"/>
        <source>Sạch</source>
        <translation>Clean</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="241"/>
        <source>Không đọc được</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="242"/>
        <source>Không được tính</source>
        <translation>Not counted</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="250"/>
        <source>Lọc theo trạng thái</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="251"/>
        <source>Danh sách tệp báo cáo</source>
        <translation>Report files</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="253"/>
        <source>Mở bằng Excel</source>
        <translation>Open in Excel</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="254"/>
        <source>Mở thư mục chứa</source>
        <translation>Open containing folder</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="255"/>
        <source>Bỏ khỏi danh sách</source>
        <translation>Remove from the list</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="256"/>
        <source>Chọn tệp được tính khi trùng…</source>
        <translation>Choose which duplicate counts…</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="312"/>
        <source>Không đưa vào tổng hợp nữa</source>
        <translation>Leave out of the consolidation again</translation>
    </message>
    <message>
        <location filename="../../views/files_panel.py" line="312"/>
        <source>Vẫn đưa vào tổng hợp…</source>
        <translation>Include in the consolidation anyway…</translation>
    </message>
</context>
<context>
    <name>FormWizard</name>
    <message>
        <location filename="../../views/form_wizard.py" line="249"/>
        <source>Biểu mẫu mới từ tệp Excel</source>
        <translation>New form from an Excel file</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="250"/>
        <source>Mở tệp Excel…</source>
        <translation>Open Excel file…</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="251"/>
        <source>Trang tính:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="254"/>
        <location filename="../../views/form_wizard.py" line="296"/>
        <source>Cần xác nhận</source>
        <translation>To confirm</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="259"/>
        <location filename="../../views/form_wizard.py" line="276"/>
        <location filename="../../views/form_wizard.py" line="307"/>
        <location filename="../../views/form_wizard.py" line="315"/>
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="256"/>
        <source>Quy tắc</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="252"/>
        <source>Học bảng của trang này</source>
        <translation>Learn this sheet&apos;s table</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/form_wizard.py" line="254"/>
        <location filename="../../views/form_wizard.py" line="296"/>
        <source>Cần xác nhận (%n)</source>
        <translation>
            <numerusform>To confirm (%n)</numerusform>
            <numerusform>To confirm (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="255"/>
        <source>Các chỉ tiêu</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="257"/>
        <source>Đã nhận ra</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="259"/>
        <location filename="../../views/form_wizard.py" line="275"/>
        <location filename="../../views/form_wizard.py" line="306"/>
        <source>Mã số</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="259"/>
        <location filename="../../views/form_wizard.py" line="308"/>
        <source>Đơn vị tính</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="259"/>
        <source>Loại số liệu</source>
        <translation>Kind of figure</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="262"/>
        <source>Mã</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="262"/>
        <source>Mức độ</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="262"/>
        <source>Biểu thức</source>
        <translation>Expression</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="262"/>
        <source>Thông báo</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="264"/>
        <source>Thêm quy tắc</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="265"/>
        <source>Xóa quy tắc</source>
        <translation>Remove rule</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="266"/>
        <source>Mã biểu mẫu:</source>
        <translation>Form id:</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="267"/>
        <source>Tên biểu mẫu:</source>
        <translation>Form name:</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="268"/>
        <source>Lưu biểu mẫu</source>
        <translation>Save form</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="269"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="271"/>
        <source>Nhấn chuột phải vào một ô để đổi vai trò của cột hoặc dòng; biểu mẫu được học lại ngay.</source>
        <translation>Right-click a cell to change the role of its column or row; the form is learned again at once.</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="274"/>
        <source>Tiêu đề bảng</source>
        <translation>Table header</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="277"/>
        <location filename="../../views/form_wizard.py" line="309"/>
        <source>Cột số liệu</source>
        <translation>Value column</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="278"/>
        <source>STT, đơn vị tính</source>
        <translation>No., measure</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="279"/>
        <location filename="../../views/form_wizard.py" line="315"/>
        <source>Đề mục</source>
        <translation>Section</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="280"/>
        <source>Nhãn đầu biểu</source>
        <translation>Header labels</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="288"/>
        <source>Chưa mở tệp nào</source>
        <translation>No file open</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="305"/>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="310"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="311"/>
        <location filename="../../views/form_wizard.py" line="315"/>
        <source>Không đọc</source>
        <translation>Not read</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="322"/>
        <source>Chọn tệp Excel của biểu mẫu</source>
        <translation>Choose the form&apos;s Excel file</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="322"/>
        <source>Bảng tính (%1)</source>
        <translation>Spreadsheets (%1)</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="332"/>
        <location filename="../../views/form_wizard.py" line="371"/>
        <location filename="../../views/form_wizard.py" line="409"/>
        <source>Không học được biểu mẫu</source>
        <translation>The form could not be learned</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="437"/>
        <source>Cột này là</source>
        <translation>This column is</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="445"/>
        <source>Dòng này là</source>
        <translation>This row is</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="494"/>
        <source>Phát sinh trong kỳ (cộng dồn)</source>
        <translation>Arising in the period (added up)</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="495"/>
        <source>Đến cuối kỳ (lấy kỳ cuối)</source>
        <translation>At the end of the period (latest taken)</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="498"/>
        <source>Đoán theo chữ “%1”: hãy xác nhận</source>
        <translation>Guessed from the words “%1”: please confirm</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="527"/>
        <location filename="../../views/form_wizard.py" line="550"/>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="528"/>
        <location filename="../../views/form_wizard.py" line="551"/>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="529"/>
        <location filename="../../views/form_wizard.py" line="552"/>
        <source>Thông tin</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="560"/>
        <source>quy tắc mới: {left} so với {right}</source>
        <translation>new rule: {left} against {right}</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="594"/>
        <source>không có mã số hoặc cột: %1</source>
        <translation>no such code or column: %1</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="597"/>
        <source>count() cần một trang danh sách</source>
        <translation>count() needs a list sheet</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="633"/>
        <source>Biểu thức sai: %1</source>
        <translation>Wrong expression: %1</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="638"/>
        <source>Tệp mẫu sai quy tắc này ở ô: %1</source>
        <translation>The sample file breaks this rule in cells: %1</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="642"/>
        <source>Tệp mẫu đạt quy tắc này (hoặc chưa có số liệu)</source>
        <translation>The sample file meets this rule (or has no figures yet)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/form_wizard.py" line="646"/>
        <source>%n quy tắc có biểu thức sai (tô đỏ): sửa trước khi lưu.</source>
        <translation>
            <numerusform>%n rule has a wrong expression (red): fix it before saving.</numerusform>
            <numerusform>%n rules have a wrong expression (red): fix them before saving.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/form_wizard.py" line="649"/>
        <source>Tệp mẫu sai %n quy tắc (tô vàng, di chuột để xem ô).</source>
        <translation>
            <numerusform>The sample file breaks %n rule (yellow; hover to see the cells).</numerusform>
            <numerusform>The sample file breaks %n rules (yellow; hover to see the cells).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="651"/>
        <source>Tệp mẫu không sai quy tắc nào.</source>
        <translation>The sample file breaks no rule.</translation>
    </message>
    <message>
        <location filename="../../views/form_wizard.py" line="674"/>
        <location filename="../../views/form_wizard.py" line="685"/>
        <source>Không lưu được biểu mẫu</source>
        <translation>The form could not be saved</translation>
    </message>
</context>
<context>
    <name>FormsDialog</name>
    <message>
        <location filename="../../views/forms_dialog.py" line="109"/>
        <source>Biểu mẫu</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="112"/>
        <source>%1 biểu mẫu đã cài: %2 có sẵn, %3 của người dùng (trong thư mục “%4”).</source>
        <translation>%1 forms installed: %2 built in, %3 of your own (in the folder “%4”).</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="118"/>
        <source>Danh sách biểu mẫu</source>
        <translation>List of forms</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="119"/>
        <source>Nhập tệp biểu mẫu…</source>
        <translation>Import a form file…</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="120"/>
        <source>Xuất ra tệp…</source>
        <translation>Export to a file…</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="121"/>
        <source>Biểu mẫu mới từ tệp Excel…</source>
        <translation>New form from an Excel file…</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="122"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="137"/>
        <source>Chọn tệp biểu mẫu</source>
        <translation>Choose a form file</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="139"/>
        <location filename="../../views/forms_dialog.py" line="166"/>
        <source>Tệp biểu mẫu (%1)</source>
        <translation>Form files (%1)</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="149"/>
        <source>Không nhập được biểu mẫu</source>
        <translation>The form could not be imported</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="164"/>
        <source>Xuất biểu mẫu ra tệp</source>
        <translation>Export the form to a file</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="175"/>
        <source>Không xuất được biểu mẫu</source>
        <translation>The form could not be exported</translation>
    </message>
</context>
<context>
    <name>FormsModel</name>
    <message>
        <location filename="../../views/forms_dialog.py" line="37"/>
        <source>Mã</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="38"/>
        <source>Tên biểu mẫu</source>
        <translation>Form name</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="39"/>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="40"/>
        <source>Chỉ tiêu</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="41"/>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="49"/>
        <source>Có sẵn</source>
        <translation>Built in</translation>
    </message>
    <message>
        <location filename="../../views/forms_dialog.py" line="49"/>
        <source>Của người dùng</source>
        <translation>Your own</translation>
    </message>
</context>
<context>
    <name>IssuesModel</name>
    <message>
        <location filename="../../views/issues_panel.py" line="42"/>
        <source>Mức độ</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="43"/>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="44"/>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="45"/>
        <source>Ô</source>
        <translation>Cell</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="46"/>
        <source>Nội dung</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>IssuesPanel</name>
    <message>
        <location filename="../../views/issues_panel.py" line="160"/>
        <source>&amp;Mức độ:</source>
        <translation>&amp;Severity:</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="161"/>
        <source>Đơn &amp;vị:</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="165"/>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="171"/>
        <location filename="../../views/issues_panel.py" line="173"/>
        <location filename="../../views/issues_panel.py" line="197"/>
        <source>Tất cả đơn vị</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="174"/>
        <source>Lọc theo mức độ</source>
        <translation>Filter by severity</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="175"/>
        <source>Lọc theo đơn vị</source>
        <translation>Filter by unit</translation>
    </message>
    <message>
        <location filename="../../views/issues_panel.py" line="176"/>
        <source>Danh sách lỗi và cảnh báo</source>
        <translation>Errors and warnings</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/issues_panel.py" line="215"/>
        <source>%n vấn đề</source>
        <translation>
            <numerusform>%n issue</numerusform>
            <numerusform>%n issues</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../views/main_window.py" line="300"/>
        <location filename="../../views/main_window.py" line="1160"/>
        <source>Soạn báo cáo</source>
        <translation>Draft report</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="301"/>
        <source>Soạn báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP từ số liệu tổng hợp</source>
        <translation>Draft a Word report in the official format (Decree 30/2020/NĐ-CP) from the consolidated figures</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="304"/>
        <source>Báo cáo: số làm tròn</source>
        <translation>Report: rounded figures</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="305"/>
        <source>Trong câu văn của báo cáo ghi “hơn 469.100”, “gần 2.500”; bảng phụ lục vẫn ghi đủ số</source>
        <translation>The report&apos;s sentences say “hơn 469.100” (over), “gần 2.500” (nearly); the appendix table keeps the exact figures</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1162"/>
        <source>Văn bản Word (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1179"/>
        <source>Đang soạn “%1”…</source>
        <translation>Drafting “%1”…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1192"/>
        <source>Đã ghi báo cáo “%1”.</source>
        <translation>Report written to “%1”.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1199"/>
        <source>Không soạn được báo cáo</source>
        <translation>The report could not be drafted</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="292"/>
        <source>Tổng hợp Báo cáo</source>
        <translation>Report Consolidation</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="294"/>
        <source>Thêm tệp</source>
        <translation>Add files</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="294"/>
        <source>Thêm các tệp báo cáo Excel của đơn vị</source>
        <translation>Add the units&apos; Excel report files</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="295"/>
        <source>Thêm thư mục</source>
        <translation>Add folder</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="295"/>
        <source>Thêm mọi tệp báo cáo trong một thư mục</source>
        <translation>Add every report file in a folder</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="296"/>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="296"/>
        <source>Đọc và kiểm tra lại tất cả các tệp</source>
        <translation>Read and check all the files again</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="297"/>
        <source>Tổng hợp</source>
        <translation>Consolidate</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="297"/>
        <source>Tổng hợp số liệu và xem trước kết quả</source>
        <translation>Consolidate the figures and preview the result</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="298"/>
        <source>Xuất Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="298"/>
        <source>Ghi tệp Excel tổng hợp</source>
        <translation>Write the consolidated Excel workbook</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="307"/>
        <source>Tạo biểu mẫu</source>
        <translation>Create template</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="307"/>
        <source>Tạo biểu mẫu trống để gửi cho đơn vị</source>
        <translation>Create a blank form to send to units</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="309"/>
        <source>Biểu mẫu mới từ tệp Excel…</source>
        <translation>New form from an Excel file…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="310"/>
        <source>Học một biểu mẫu mới từ tệp Excel cơ quan đang dùng</source>
        <translation>Learn a new form from the Excel file the office already uses</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="312"/>
        <source>Danh mục đơn vị</source>
        <translation>Unit registry</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="312"/>
        <source>Xem danh mục đơn vị báo cáo</source>
        <translation>Show the registry of reporting units</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="314"/>
        <source>Tổng hợp theo từng biểu mẫu…</source>
        <translation>Consolidate each form…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="315"/>
        <source>Nhận dạng biểu mẫu của từng tệp và ghi một tệp Excel tổng hợp cho mỗi biểu mẫu</source>
        <translation>Tell each file&apos;s form and write one consolidated Excel workbook per form</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="318"/>
        <source>Biểu mẫu…</source>
        <translation>Forms…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="319"/>
        <source>Các biểu mẫu đã cài; nhập, xuất tệp biểu mẫu để trao đổi với cơ quan khác</source>
        <translation>The installed forms; import and export form files to exchange with other offices</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="321"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="321"/>
        <source>Ngôn ngữ, danh mục đơn vị, biểu mẫu</source>
        <translation>Language, unit registry, form</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="322"/>
        <source>Chọn tệp được tính khi trùng…</source>
        <translation>Choose which duplicate counts…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="324"/>
        <source>Lưu vào kho lưu trữ</source>
        <translation>Store in the archive</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="325"/>
        <source>Lưu số liệu đợt này vào kho để so sánh cùng kỳ và cộng dồn các kỳ sau</source>
        <translation>Store this round&apos;s figures in the archive, for last-year comparisons and later roll-ups</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="327"/>
        <source>Kho lưu trữ…</source>
        <translation>Archive…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="327"/>
        <source>Các kỳ đã lưu, xóa, xuất, diễn biến một đơn vị</source>
        <translation>Stored periods: remove, export, one unit&apos;s history</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="328"/>
        <source>Xóa danh sách tệp</source>
        <translation>Clear the file list</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="329"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="330"/>
        <source>Mở tệp nhật ký</source>
        <translation>Open the log file</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="331"/>
        <source>Mở thư mục nhật ký</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="332"/>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="333"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="333"/>
        <source>Dừng việc đang làm</source>
        <translation>Stop the current job</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="334"/>
        <location filename="../../views/main_window.py" line="363"/>
        <source>Lỗi và cảnh báo</source>
        <translation>Errors and warnings</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="335"/>
        <location filename="../../views/main_window.py" line="364"/>
        <source>Tình hình nộp</source>
        <translation>Submissions</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="336"/>
        <location filename="../../views/main_window.py" line="365"/>
        <source>Xem trước tổng hợp</source>
        <translation>Consolidation preview</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="337"/>
        <source>Danh sách tệp</source>
        <translation>File list</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="338"/>
        <source>Đợt mới…</source>
        <translation>New round…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="338"/>
        <source>Bắt đầu đợt tổng hợp mới cho kỳ sau</source>
        <translation>Start a new collection round for the next period</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="340"/>
        <source>Kết thúc đợt</source>
        <translation>End round</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="341"/>
        <source>Lưu trữ số liệu của đợt này và bắt đầu đợt cho kỳ sau</source>
        <translation>Archive this round&apos;s figures and start the next period&apos;s round</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="344"/>
        <source>Chép dòng lệnh của đợt</source>
        <translation>Copy the round&apos;s command line</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="345"/>
        <source>Chép dòng lệnh tonghop tạo lại tệp tổng hợp của đợt này</source>
        <translation>Copy the tonghop command line that rebuilds this round&apos;s consolidated workbook</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="354"/>
        <source>Đợt &amp;gần đây</source>
        <translation>&amp;Recent rounds</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="355"/>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="358"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="359"/>
        <source>&amp;Dữ liệu</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="360"/>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="361"/>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="362"/>
        <source>Thanh công cụ</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="366"/>
        <source>%v/%m tệp</source>
        <translation>%v/%m files</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="367"/>
        <source>Tiến độ</source>
        <translation>Progress</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/main_window.py" line="429"/>
        <source>Không mở được %n tệp đợt tổng hợp (hỏng hoặc của phiên bản mới hơn); đã để riêng trong “%1”.</source>
        <translation>
            <numerusform>A round file could not be opened (damaged or from a newer version); it was set aside in “%1”.</numerusform>
            <numerusform>%n round files could not be opened (damaged or from a newer version); they were set aside in “%1”.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="442"/>
        <source>Đã mở lại đợt “%1” (lưu lần cuối %2). Tệp và thư mục: %3; lựa chọn của người dùng: %4.</source>
        <translation>Round “%1” reopened (last saved %2). Files and folders: %3; choices made by the user: %4.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="471"/>
        <source>Đã hoàn tác: %1</source>
        <translation>Undone: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="478"/>
        <source>Đã làm lại: %1</source>
        <translation>Redone: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="486"/>
        <source>Hoàn tác: %1</source>
        <translation>Undo: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="486"/>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="488"/>
        <source>Làm lại: %1</source>
        <translation>Redo: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="488"/>
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="497"/>
        <source>chưa rõ kỳ</source>
        <translation>period unknown</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="498"/>
        <source>Đợt: %1</source>
        <translation>Round: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="500"/>
        <location filename="../../views/main_window.py" line="630"/>
        <source>(đã kết thúc)</source>
        <translation>(ended)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="503"/>
        <source>Đợt tổng hợp bắt đầu %1; các lựa chọn được lưu tự động.</source>
        <translation>Round started %1; choices are saved automatically.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="588"/>
        <source>kỳ sau</source>
        <translation>the next period</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="605"/>
        <location filename="../../views/main_window.py" line="1138"/>
        <source>Không lưu được vào kho lưu trữ</source>
        <translation>Could not store in the archive</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="618"/>
        <source>Đợt bắt đầu %1</source>
        <translation>Round started %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="632"/>
        <source>Lưu lần cuối %1</source>
        <translation>Last saved %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="635"/>
        <source>(chưa có đợt nào khác)</source>
        <translation>(no other round yet)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="645"/>
        <source>Đã chép dòng lệnh vào bộ nhớ tạm: %1</source>
        <translation>Command line copied to the clipboard: %1</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="678"/>
        <source>%1 vừa gửi lại báo cáo (%2)</source>
        <translation>%1 just sent a corrected report (%2)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="678"/>
        <source>%1 vừa gửi báo cáo (%2)</source>
        <translation>%1 just sent its report (%2)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="691"/>
        <source>Thêm tệp báo cáo</source>
        <translation>Add report files</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="693"/>
        <location filename="../../views/main_window.py" line="1226"/>
        <source>Bảng tính Excel/LibreOffice (%1)</source>
        <translation>Excel/LibreOffice spreadsheets (%1)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="700"/>
        <source>Thêm thư mục báo cáo</source>
        <translation>Add a folder of reports</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="724"/>
        <source>Đang tìm tệp…</source>
        <translation>Looking for files…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="758"/>
        <source>Đang kiểm tra %1/%2 tệp…</source>
        <translation>Checking %1/%2 files…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="782"/>
        <source>Đã hủy: đã kiểm tra %1/%2 tệp mới.</source>
        <translation>Cancelled: %1 of %2 new files were checked.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="795"/>
        <source>Không tìm thấy “%1”.</source>
        <translation>“%1” was not found.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="797"/>
        <source>Có lỗi không mong muốn: %1. Chi tiết đã ghi vào nhật ký.</source>
        <translation>Unexpected error: %1. The details are in the log.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="799"/>
        <source>Không làm được</source>
        <translation>Could not do that</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="811"/>
        <source>Đang hủy…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="857"/>
        <source>Đang tổng hợp…</source>
        <translation>Consolidating…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="916"/>
        <source>Tệp trùng lặp</source>
        <translation>Duplicate files</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="916"/>
        <source>Không có đơn vị nào gửi nhiều tệp cho cùng một kỳ.</source>
        <translation>No unit sent more than one file for the same period.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="965"/>
        <source>Không tìm thấy thư mục %1 (ổ USB đã rút hoặc ổ mạng chưa kết nối?): báo cáo trong đó chưa được đọc, các đơn vị của nó có thể hiện “Chưa nộp”.</source>
        <translation>Folder %1 not found (USB stick removed, or network drive not connected?): its reports are not read, so its units may show “Not submitted”.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="978"/>
        <source>Kéo thả tệp hoặc thư mục báo cáo vào đây, hoặc bấm Thêm tệp (Ctrl+O).</source>
        <translation>Drop report files or folders here, or click Add files (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="981"/>
        <source>%1 tệp: %2 sạch, %3 có cảnh báo, %4 có lỗi, %5 không đọc được; %6 tệp được tính vào tổng hợp.</source>
        <translation>%1 files: %2 clean, %3 with warnings, %4 with errors, %5 unreadable; %6 files counted in the consolidation.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="995"/>
        <source>Bỏ qua %1 tệp khóa/ẩn/tạm.</source>
        <translation>Skipped %1 lock/hidden/temporary files.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1050"/>
        <source>Xuất tệp tổng hợp</source>
        <translation>Export the consolidated workbook</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1052"/>
        <source>Sổ làm việc Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1065"/>
        <source>Đang ghi “%1”…</source>
        <translation>Writing “%1”…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1080"/>
        <source>Đã ghi “%1”.</source>
        <translation>Wrote “%1”.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1089"/>
        <source>Không ghi được tệp tổng hợp</source>
        <translation>Could not write the consolidated workbook</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1093"/>
        <source>Không ghi được “%1”: tệp đang mở trong Excel hoặc chỉ đọc. Hãy đóng tệp rồi thử lại.</source>
        <translation>Cannot write “%1”: the file is open in Excel or read-only. Close it and try again.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1110"/>
        <source>Chưa lưu được</source>
        <translation>Not stored</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1110"/>
        <source>Không xác định được kỳ báo cáo của đợt này.</source>
        <translation>This round&apos;s period is not known.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1121"/>
        <source>Đang lưu vào kho lưu trữ…</source>
        <translation>Storing in the archive…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1128"/>
        <source>Đã lưu %1 vào kho lưu trữ: %2 đơn vị được tính.</source>
        <translation>Stored %1 in the archive: %2 units counted.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1131"/>
        <source>Thay tệp cũ của %1 đơn vị.</source>
        <translation>Replaced the earlier file of %1 units.</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1210"/>
        <source>Đang tạo biểu mẫu…</source>
        <translation>Creating templates…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1214"/>
        <source>Không tạo được biểu mẫu</source>
        <translation>Could not create the template</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1224"/>
        <source>Chọn tệp Excel của biểu mẫu</source>
        <translation>Choose the form&apos;s Excel file</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1234"/>
        <source>Đã lưu biểu mẫu “%1”.</source>
        <translation>Form saved to “%1”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/main_window.py" line="1240"/>
        <source>Đã tạo %n biểu mẫu trong “%1”.</source>
        <translation>
            <numerusform>Created %n template in “%1”.</numerusform>
            <numerusform>Created %n templates in “%1”.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1249"/>
        <source>Chọn thư mục ghi các tệp tổng hợp</source>
        <translation>Choose the folder for the consolidated workbooks</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1256"/>
        <source>Đang tổng hợp theo từng biểu mẫu…</source>
        <translation>Consolidating each form…</translation>
    </message>
    <message>
        <location filename="../../views/main_window.py" line="1268"/>
        <source>Không tổng hợp được</source>
        <translation>Could not consolidate</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/main_window.py" line="1273"/>
        <source>Đã ghi %n tệp tổng hợp (một tệp cho mỗi biểu mẫu) vào “%1”.</source>
        <translation>
            <numerusform>Wrote %n consolidated workbook (one per form) to “%1”.</numerusform>
            <numerusform>Wrote %n consolidated workbooks (one per form) to “%1”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/main_window.py" line="1276"/>
        <source>%n tệp không khớp biểu mẫu nào đã cài.</source>
        <translation>
            <numerusform>%n file matches none of the installed forms.</numerusform>
            <numerusform>%n files match none of the installed forms.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../views/messages.py" line="42"/>
        <source>Vẫn đưa vào tổng hợp</source>
        <translation>Include anyway</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/messages.py" line="43"/>
        <source>Tệp “%1” có %n lỗi.</source>
        <translation>
            <numerusform>The file “%1” has %n error.</numerusform>
            <numerusform>The file “%1” has %n errors.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="44"/>
        <source>Số liệu của tệp này sẽ được cộng vào tổng hợp dù còn lỗi, và lựa chọn này được ghi vào tệp tổng hợp. Chỉ làm vậy khi đã xác minh số liệu với đơn vị. Tiếp tục?</source>
        <translation>This file&apos;s figures will be added to the consolidation despite its errors, and the choice is written into the consolidated workbook. Only do this after checking the figures with the unit. Continue?</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="50"/>
        <source>Vẫn đưa vào</source>
        <translation>Include</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="51"/>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="65"/>
        <source>Đã xuất tệp tổng hợp</source>
        <translation>Consolidated workbook exported</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="66"/>
        <source>Đã ghi tệp tổng hợp:</source>
        <translation>The consolidated workbook was written:</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="69"/>
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="70"/>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="71"/>
        <source>Lưu vào kho lưu trữ</source>
        <translation>Store in the archive</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="73"/>
        <location filename="../../views/messages.py" line="119"/>
        <location filename="../../views/messages.py" line="147"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="93"/>
        <source>Không ghi được tệp tổng hợp</source>
        <translation>Could not write the consolidated workbook</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="95"/>
        <source>Không có gì bị mất: tệp cũ (nếu có) vẫn còn nguyên. Đóng tệp trong Excel rồi bấm “Thử lại”.</source>
        <translation>Nothing was lost: the old file (if any) is untouched. Close the file in Excel, then click “Retry”.</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="99"/>
        <source>Thử lại</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="100"/>
        <source>Chọn chỗ khác…</source>
        <translation>Save elsewhere…</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="101"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="131"/>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="132"/>
        <source>&lt;h3&gt;Tổng hợp Báo cáo %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Report Consolidation %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../views/messages.py" line="134"/>
        <source>Nhập, kiểm tra và tổng hợp báo cáo Excel của các đơn vị.

Biểu mẫu: %1 (phiên bản %2)
Qt %3
Nhật ký: %4</source>
        <translation>Imports, checks and consolidates the units&apos; Excel reports.

Form: %1 (version %2)
Qt %3
Log: %4</translation>
    </message>
</context>
<context>
    <name>NewRoundDialog</name>
    <message>
        <location filename="../../views/round_dialog.py" line="50"/>
        <source>Đợt tổng hợp mới</source>
        <translation>New collection round</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="51"/>
        <source>&amp;Kỳ báo cáo:</source>
        <translation>Reporting &amp;period:</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="52"/>
        <source>vd. Quý IV/2026; để trống: theo kỳ ghi trong các tệp</source>
        <translation>e.g. Quý IV/2026; empty: the period the files state</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="53"/>
        <source>(chưa có thư mục nào)</source>
        <translation>(no folder yet)</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="54"/>
        <source>Đợt mới giữ danh mục &lt;b&gt;%1&lt;/b&gt; và theo dõi các thư mục:&lt;br&gt;%2</source>
        <translation>The new round keeps the registry &lt;b&gt;%1&lt;/b&gt; and watches the folders:&lt;br&gt;%2</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="55"/>
        <source>Không có danh mục</source>
        <translation>No registry</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="56"/>
        <source>Bắt đầu đợt</source>
        <translation>Start round</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="57"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="74"/>
        <source>Không hiểu kỳ báo cáo này (ví dụ: “Quý IV/2026”, “Tháng 9/2026”).</source>
        <translation>This period is not understood (for example “Quý IV/2026”, “Tháng 9/2026”).</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../views/preview_panel.py" line="22"/>
        <source>Mã số</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="23"/>
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="24"/>
        <source>Đơn vị tính</source>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="25"/>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="26"/>
        <source>Cùng kỳ năm trước</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <location filename="../../views/preview_panel.py" line="27"/>
        <source>So sánh (%)</source>
        <translation>Change (%)</translation>
    </message>
</context>
<context>
    <name>RegistryDialog</name>
    <message>
        <location filename="../../views/registry_dialog.py" line="84"/>
        <source>Danh mục đơn vị</source>
        <translation>Unit registry</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="87"/>
        <source>Chưa chọn danh mục đơn vị: tên đơn vị trong các tệp không được kiểm tra. Bấm “Đổi danh mục…”.</source>
        <translation>No unit registry chosen: unit names in the files are not checked. Click “Change registry…”.</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="91"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 đơn vị</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 units</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="95"/>
        <source>Tìm theo mã hoặc tên (không cần dấu)…</source>
        <translation>Search by code or name (diacritics optional)…</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="96"/>
        <source>Tìm đơn vị</source>
        <translation>Search units</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="97"/>
        <source>Danh sách đơn vị</source>
        <translation>Units</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="98"/>
        <source>Đổi danh mục…</source>
        <translation>Change registry…</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="99"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>RoundDialog</name>
    <message>
        <location filename="../../views/round_dialog.py" line="85"/>
        <location filename="../../views/round_dialog.py" line="93"/>
        <source>Kết thúc đợt</source>
        <translation>End round</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="86"/>
        <source>Kết thúc đợt “%1”?</source>
        <translation>End the round “%1”?</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="87"/>
        <source>Số liệu tổng hợp của đợt được lưu vào kho lưu trữ và đợt không nhận thêm tệp. Đợt mới (%1) bắt đầu với cùng các thư mục và danh mục đơn vị. Đợt cũ vẫn mở lại được từ Tệp &gt; Đợt gần đây.</source>
        <translation>The round&apos;s consolidated figures are stored in the archive and it takes no more files. A new round (%1) starts with the same folders and registry. The old round can still be reopened from File &gt; Recent rounds.</translation>
    </message>
    <message>
        <location filename="../../views/round_dialog.py" line="94"/>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../views/settings_dialog.py" line="140"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="141"/>
        <source>&amp;Ngôn ngữ giao diện:</source>
        <translation>Interface &amp;language:</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="142"/>
        <source>Danh mục đơn vị báo cáo</source>
        <translation>Registry of reporting units</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="143"/>
        <source>&amp;Tỉnh/thành phố:</source>
        <translation>&amp;Province/city:</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="144"/>
        <source>Tệp &amp;CSV:</source>
        <translation>&amp;CSV file:</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="145"/>
        <source>&amp;Không dùng danh mục (không kiểm tra tên đơn vị)</source>
        <translation>&amp;No registry (unit names are not checked)</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="146"/>
        <location filename="../../views/settings_dialog.py" line="152"/>
        <location filename="../../views/settings_dialog.py" line="155"/>
        <source>Chọn tệp…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="148"/>
        <source>Tệp CSV có các cột code, name, kind và aliases (tên khác, cách nhau bởi dấu ;), mã hóa UTF-8.</source>
        <translation>A UTF-8 CSV file with the columns code, name, kind and aliases (other names, separated by ;).</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="150"/>
        <source>Biểu mẫu (tệp lược đồ YAML)</source>
        <translation>Form (YAML schema file)</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="151"/>
        <source>Mặc định: TDBV-01</source>
        <translation>Default: TDBV-01</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="153"/>
        <location filename="../../views/settings_dialog.py" line="156"/>
        <source>Mặc định</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="154"/>
        <source>Kho lưu trữ số liệu các kỳ</source>
        <translation>Archive of all periods</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="158"/>
        <source>Một tệp SQLite giữ số liệu mọi kỳ đã lưu; có thể đặt ở thư mục dùng chung của cơ quan.</source>
        <translation>One SQLite file holds every stored period; it may live in the office&apos;s shared folder.</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="160"/>
        <source>Đường dẫn tệp kho lưu trữ</source>
        <translation>Archive file path</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="161"/>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="162"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="163"/>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="164"/>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="165"/>
        <source>Đường dẫn tệp CSV danh mục đơn vị</source>
        <translation>Path of the unit registry CSV file</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="166"/>
        <source>Đường dẫn tệp biểu mẫu</source>
        <translation>Path of the form file</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="180"/>
        <source>Chọn danh mục đơn vị</source>
        <translation>Choose a unit registry</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="180"/>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="187"/>
        <source>Chọn tệp biểu mẫu</source>
        <translation>Choose a form file</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="187"/>
        <source>Biểu mẫu YAML (*.yaml *.yml)</source>
        <translation>YAML forms (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="195"/>
        <source>Chọn tệp kho lưu trữ</source>
        <translation>Choose the archive file</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="197"/>
        <source>Kho lưu trữ (*.sqlite)</source>
        <translation>Archive (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../views/settings_dialog.py" line="222"/>
        <source>Cài đặt chưa dùng được</source>
        <translation>These settings cannot be used</translation>
    </message>
</context>
<context>
    <name>SheetGridPanel</name>
    <message>
        <location filename="../../views/sheet_grid.py" line="359"/>
        <source>Hộp tên (địa chỉ ô)</source>
        <translation>Name box (cell address)</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="360"/>
        <source>Địa chỉ ô đang chọn; gõ địa chỉ (vd. E23) rồi Enter để đến ô đó</source>
        <translation>The selected cell&apos;s address; type an address (e.g. E23) and press Enter to go there</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="361"/>
        <source>Thanh công thức (nội dung ô)</source>
        <translation>Formula bar (cell content)</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="362"/>
        <source>Nội dung của ô đang chọn (giá trị đã lưu trong tệp)</source>
        <translation>The content of the selected cell (the value stored in the file)</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="363"/>
        <source>Bảng tính</source>
        <translation>Worksheet</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="364"/>
        <source>Các trang tính</source>
        <translation>Sheets</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="365"/>
        <source>Chỉ hiển thị giá trị</source>
        <translation>Values only</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="367"/>
        <source>Tệp .xls và .ods được hiển thị giá trị các ô, không kèm định dạng (phông chữ, màu, viền).</source>
        <translation>.xls and .ods files are shown with their cell values, without formatting (fonts, colours, borders).</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="370"/>
        <source>Chọn một tệp ở danh sách bên trái để xem nội dung.</source>
        <translation>Choose a file in the list on the left to see its contents.</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="407"/>
        <source>Đang mở tệp…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="468"/>
        <source>Không mở được tệp để xem: %1</source>
        <translation>Cannot show the file: %1</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="491"/>
        <source>Tệp không có trang tính nào.</source>
        <translation>The file has no sheets.</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="503"/>
        <source>%1 (ẩn)</source>
        <translation>%1 (hidden)</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="703"/>
        <source>Trung bình: %1</source>
        <translation>Average: %1</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="704"/>
        <source>Số ô: %1</source>
        <translation>Count: %1</translation>
    </message>
    <message>
        <location filename="../../views/sheet_grid.py" line="706"/>
        <source>Tổng: %1</source>
        <translation>Sum: %1</translation>
    </message>
</context>
<context>
    <name>SubmissionStatusModel</name>
    <message>
        <location filename="../../views/status_panel.py" line="41"/>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="42"/>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="43"/>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="45"/>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="48"/>
        <source>Thời gian</source>
        <translation>Modified</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="46"/>
        <source>Lỗi</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="47"/>
        <source>Cảnh báo</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="44"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>SubmissionStatusPanel</name>
    <message>
        <location filename="../../views/status_panel.py" line="146"/>
        <source>&amp;Hiện:</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="150"/>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="155"/>
        <source>Lọc theo tình trạng nộp</source>
        <translation>Filter by submission status</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="156"/>
        <source>Tình hình nộp báo cáo của các đơn vị</source>
        <translation>Units&apos; report submissions</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="183"/>
        <source>Chưa có tệp nào được kiểm tra.</source>
        <translation>No file has been checked yet.</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="186"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 đơn vị — đã nộp &lt;b&gt;%3&lt;/b&gt;, chưa nộp &lt;b&gt;%4&lt;/b&gt;, bị loại &lt;b&gt;%5&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 units — submitted &lt;b&gt;%3&lt;/b&gt;, missing &lt;b&gt;%4&lt;/b&gt;, excluded &lt;b&gt;%5&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="189"/>
        <source>Không có danh mục</source>
        <translation>No registry</translation>
    </message>
    <message>
        <location filename="../../views/status_panel.py" line="199"/>
        <source>, không có trong danh mục &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>, not in the registry &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../views/template_dialog.py" line="104"/>
        <location filename="../../views/template_dialog.py" line="153"/>
        <location filename="../../views/template_dialog.py" line="158"/>
        <location filename="../../views/template_dialog.py" line="165"/>
        <source>Tạo biểu mẫu</source>
        <translation>Create template</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="105"/>
        <source>Đơn &amp;vị:</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="106"/>
        <source>Một tệp cho &amp;mỗi đơn vị trong danh mục</source>
        <translation>One file for &amp;each unit in the registry</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="107"/>
        <source>&amp;Kỳ báo cáo:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="108"/>
        <source>&amp;Lưu vào thư mục:</source>
        <translation>Save in &amp;folder:</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="109"/>
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="110"/>
        <source>vd. Quý III/2026, Tháng 8/2026, Năm 2026</source>
        <translation>e.g. Quý III/2026, Tháng 8/2026, Năm 2026</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="113"/>
        <source>Biểu mẫu có sẵn tên đơn vị, mã đơn vị, kỳ báo cáo và ngày theo quy ước thống kê; ô số liệu chỉ nhận số nguyên ≥ 0.</source>
        <translation>The form comes with the unit&apos;s name and code, the period and the statistical dates filled in; figure cells accept whole numbers ≥ 0 only.</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="117"/>
        <source>Tạo</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="118"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="119"/>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="120"/>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="121"/>
        <source>Thư mục lưu biểu mẫu</source>
        <translation>Folder for the templates</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="129"/>
        <source>Chọn thư mục lưu biểu mẫu</source>
        <translation>Choose a folder for the templates</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="153"/>
        <source>Hãy nhập hoặc chọn một đơn vị.</source>
        <translation>Type or choose a unit.</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="159"/>
        <source>Không hiểu kỳ báo cáo “%1” (ví dụ: “Quý III/2026”, “Tháng 8/2026”, “Năm 2026”).</source>
        <translation>Cannot understand the period “%1” (e.g. “Quý III/2026”, “Tháng 8/2026”, “Năm 2026”).</translation>
    </message>
    <message>
        <location filename="../../views/template_dialog.py" line="165"/>
        <source>Thư mục “%1” không tồn tại.</source>
        <translation>The folder “%1” does not exist.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../views/texts.py" line="36"/>
        <source>Sạch</source>
        <translation>Clean</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="37"/>
        <location filename="../../views/texts.py" line="46"/>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="38"/>
        <location filename="../../views/texts.py" line="45"/>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="39"/>
        <source>Không đọc được</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="47"/>
        <source>Thông tin</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="53"/>
        <source>Đã nộp</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="54"/>
        <source>Chưa nộp</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="55"/>
        <source>Bị loại</source>
        <translation>Excluded</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="56"/>
        <source>Không có trong danh mục</source>
        <translation>Not in the registry</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="57"/>
        <source>Trùng, không tính</source>
        <translation>Duplicate, not counted</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="72"/>
        <source>không đọc được tệp</source>
        <translation>the file cannot be read</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="73"/>
        <source>không nhận ra biểu mẫu</source>
        <translation>the form is not recognised</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="74"/>
        <source>không xác định được đơn vị</source>
        <translation>the unit is unknown</translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="75"/>
        <source>vẫn tính dù có lỗi</source>
        <translation>counted despite errors</translation>
    </message>
    <message numerus="yes">
        <location filename="../../views/texts.py" line="80"/>
        <source>có %n lỗi</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../views/texts.py" line="82"/>
        <source>trùng lặp: tính tệp “%1”</source>
        <translation>duplicate: “%1” counts</translation>
    </message>
</context>
<context>
    <name>UnitsModel</name>
    <message>
        <location filename="../../views/registry_dialog.py" line="25"/>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="25"/>
        <source>Tên đơn vị</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <location filename="../../views/registry_dialog.py" line="25"/>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
</context>
</TS>
